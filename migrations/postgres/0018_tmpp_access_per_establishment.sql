-- Each establishment keeps its own TMPP access record and risk decision for a prisoner (issue 8).
-- With the prison number alone as the key, a prisoner transferred from MDI to LEI had MDI's ENDED
-- record and MDI's decision (with its reason) replaced by LEI's first write: MDI's history was
-- lost. The key is now (prison number, establishment); reads name the establishment in scope.
ALTER TABLE tmpp_access DROP CONSTRAINT tmpp_access_pkey;
ALTER TABLE tmpp_access ADD PRIMARY KEY (prison_number, establishment);
ALTER TABLE tmpp_decisions DROP CONSTRAINT tmpp_decisions_pkey;
ALTER TABLE tmpp_decisions ADD PRIMARY KEY (prison_number, establishment);
