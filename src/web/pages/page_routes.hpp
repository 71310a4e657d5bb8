#pragma once
// The page route groups AddPageRoutes adds; one file each.

#include <memory>

#include "web/pages/page_kit.hpp"

namespace warden::web::pages {

using Kit = std::shared_ptr<const PageKit>;

/// Sign in, sign out, home, account.
void AddSessionPages(Router& router, const Kit& kit);
/// The signed-in user's own password.
void AddAccountPages(Router& router, const Kit& kit);
/// Establishments, an establishment and its wings.
void AddEstablishmentPages(Router& router, const Kit& kit);
/// Prisoner lists, prisoner search and a prisoner's page.
void AddPrisonerPages(Router& router, const Kit& kit);
/// Prisoner import (upload and result).
void AddImportPages(Router& router, const Kit& kit);
/// Users (ADMIN).
void AddUserAdminPages(Router& router, const Kit& kit);
/// A user's API tokens: revoking one, with a confirmation page (ADMIN).
void AddUserTokenPages(Router& router, const Kit& kit);
/// The rows of a user's API-token table (id, name, created, expires, last used, status).
Data TokenRows(const PageKit& kit, const std::vector<domain::ApiToken>& tokens);
/// Establishments and regions (ADMIN).
void AddOrganisationAdminPages(Router& router, const Kit& kit);
/// The audit log (ADMIN, MONITORING).
void AddAuditPages(Router& router, const Kit& kit);
/// The email outbox (ADMIN).
void AddOutboxPages(Router& router, const Kit& kit);

}  // namespace warden::web::pages
