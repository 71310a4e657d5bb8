#!/usr/bin/env python3
"""SQL for the digital demand figures (issue 11 item 7): a region, ESTABLISHMENTS establishments
(codes XAA, XAB, ...) and PROPOSALS submitted proposals spread across them, as one transaction that
both sqlite3 and psql run. search_terms is left NULL: `warden migrate` computes every proposal's
terms and supplier key with the domain's tokeniser (FillProposalSearchTerms), as for rows stored
before migration 0015.

    python3 bench/gen_demand.py PROPOSALS ESTABLISHMENTS > demand.sql
"""
import random
import string
import sys

# Each category's own words (what its proposals are about) and a general vocabulary that any
# proposal may use, drawn with Zipf weights (the first words are common, the last rare), so that
# the estate looks like real proposals: a few words shared by thousands, most by few.
CATEGORIES = {
    "BIOMETRICS": ["biometric", "fingerprint", "iris", "facial", "enrolment", "visitor", "gates",
                   "recognition", "identity", "verification", "turnstile", "reader", "template",
                   "matching", "gatehouse", "entry", "legal", "professional", "vetting", "photo"],
    "KIOSKS": ["kiosk", "canteen", "touchscreen", "applications", "menu", "ordering", "terminal",
               "catalogue", "balance", "orders", "forms", "requests", "screens", "wall", "landing",
               "queueing", "selfservice", "purchases", "spends", "statements"],
    "IN_CELL_TECHNOLOGY": ["cell", "incell", "content", "learning", "music", "wellbeing", "radio",
                           "television", "channels", "library", "podcasts", "faith", "courses",
                           "mindfulness", "newspapers", "games", "fitness", "languages",
                           "audiobooks", "catalogue"],
    "LAPTOPS_TABLETS": ["laptop", "tablet", "education", "offline", "devices", "chromebook",
                        "keyboard", "coursework", "exams", "literacy", "numeracy", "classroom",
                        "charging", "lockers", "distance", "university", "assessments", "typing",
                        "vocational", "certificates"],
    "SOFTWARE_APPS": ["app", "rota", "scheduling", "licence", "reporting", "dashboard",
                      "spreadsheet", "database", "workflow", "case", "notes", "allocation",
                      "caseload", "keyworker", "sentence", "planning", "automation", "forms",
                      "integration", "analytics"],
    "TELEPHONY": ["phone", "pin", "calls", "handset", "voicemail", "numbers", "credit",
                  "contacts", "listening", "recording", "landline", "mobile", "signal", "outbound",
                  "inbound", "minutes", "tariff", "helpline", "samaritans", "interpreter"],
    "VIDEO_CALLS": ["video", "visits", "screen", "booking", "webcam", "hearings", "court",
                    "remote", "conference", "camera", "headset", "link", "appointments",
                    "parole", "probation", "solicitor", "children", "partners", "slots",
                    "calendar"],
    "NETWORK_INFRASTRUCTURE": ["wifi", "network", "cabling", "switches", "wireless", "fibre",
                               "bandwidth", "access", "points", "coverage", "router", "firewall",
                               "segment", "broadband", "comms", "cabinet", "outage", "resilience",
                               "ethernet", "patching"],
    "OTHER": ["cctv", "printer", "scanner", "signage", "body", "worn", "cameras", "drones",
              "detection", "keys", "locks", "lighting", "sensors", "alarms", "vehicles",
              "tracking", "translation", "braille", "hearing", "loop"],
}
SUPPLIERS = ["Acme Biometrics", "Kiosco", "Celltech", "Tabco", "Apptivity", "Phonix", "Vidlink",
             "Netlay", "Generic Systems", "Northern Digital", "Bluefin", "Cobalt IT"]
GENERAL = [
    "reduce", "time", "officers", "safer", "security", "workload", "manual", "paper", "faster",
    "records", "access", "support", "training", "trial", "pilot", "upgrade", "replacement",
    "old", "broken", "demand", "waiting", "complaints", "audit", "wing", "residents", "family",
    "contact", "rehabilitation", "release", "resettlement", "violence", "self", "harm",
    "safety", "decency", "regime", "morning", "evening", "weekend", "capacity", "queues",
    "errors", "accuracy", "duplication", "handover", "visibility", "managers", "governor",
    "custodial", "healthcare", "mental", "health", "education", "employment", "skills",
    "housing", "benefits", "finance", "money", "budget", "savings", "value", "contract",
    "procurement", "suppliers", "market", "quotes", "installation", "maintenance", "warranty",
    "licences", "users", "accounts", "passwords", "logins", "privacy", "consent", "retention",
    "deletion", "storage", "backup", "cloud", "server", "hosting", "outages", "resilient",
    "accessible", "disabilities", "neurodiversity", "dyslexia", "autism", "older", "younger",
    "women", "foreign", "nationals", "languages", "literacy", "engagement", "motivation",
    "incentives", "earned", "privileges", "adjudications", "searches", "contraband",
    "drugs", "mobiles", "intelligence", "gangs", "bullying", "debt", "isolation", "loneliness",
    "visits", "chaplaincy", "gym", "library", "kitchen", "laundry", "workshops", "industries",
    "farms", "gardens", "recycling", "energy", "heating", "buildings", "estates", "fabric",
    "modernisation", "transformation", "evidence", "evaluation", "outcomes", "reoffending",
]
GENERAL_WEIGHTS = [1.0 / (rank + 1) for rank in range(len(GENERAL))]


def q(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    proposals = int(sys.argv[1])
    establishments = int(sys.argv[2])
    rnd = random.Random(11)
    codes = ["X" + a + b for a in string.ascii_uppercase for b in string.ascii_uppercase][:establishments]
    out = ["BEGIN;",
           "INSERT INTO regions (code, name, riu_email) VALUES ('BENCH', 'Bench region', 'riu@example.test');"]
    for c in codes:
        out.append("INSERT INTO establishments (code, name, region_code, spoc_email, security_email) "
                   f"VALUES ({q(c)}, {q('HMP ' + c)}, 'BENCH', 'spoc@example.test', 'sec@example.test');")
    cats = list(CATEGORIES)
    # Three assured national services a category, so that catalogue matches are found too. Their
    # words are all search terms (3+ letters, no common words), so the terms are the words.
    for cat in cats:
        for n in range(3):
            words = rnd.sample(CATEGORIES[cat], 3)
            name = "National " + " ".join(words[:2]) + " service"
            description = " ".join(words) + " assured"
            supplier = SUPPLIERS[(cats.index(cat) + n) % len(SUPPLIERS)]
            terms = " ".join(sorted(set((name + " " + description).lower().split())))
            out.append(
                "INSERT INTO demand_catalogue (name, category, supplier, supplier_key, description, "
                f"contact, search_terms, added_by, added_at) VALUES ({q(name)}, {q(cat)}, {q(supplier)}, "
                f"{q(supplier.lower())}, {q(description)}, 'digital@example.test', {q(terms)}, 'bench', "
                "'2026-11-01T10:00:00Z');")
    rows = []
    for i in range(proposals):
        cat = rnd.choice(cats)
        words = CATEGORIES[cat]
        # Most proposals use their category's words; some use words of their own, so the estate
        # view has singletons as well as large groups.
        general = lambda n: rnd.choices(GENERAL, GENERAL_WEIGHTS, k=n)
        if rnd.random() < 0.8:
            title = " ".join(rnd.sample(words, 2) + general(1)).capitalize()
            summary = " ".join(rnd.sample(words, 4) + general(rnd.randrange(8, 14)))
        else:
            # A proposal of its own, in words no other proposal uses.
            own = ["".join(rnd.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(3)]
            title = " ".join(own[:2]).capitalize()
            summary = " ".join(own + general(rnd.randrange(8, 14)))
        need = "Reduce " + " ".join(general(rnd.randrange(5, 9)))
        supplier = rnd.choice(SUPPLIERS) if rnd.random() < 0.6 else f"Local supplier {i}"
        est = codes[i % len(codes)]
        day = 1 + i % 28
        at = f"2026-11-{day:02d}T10:00:00Z" if day <= 30 else "2026-11-28T10:00:00Z"
        state = rnd.choice(["SUBMITTED", "SUBMITTED", "IN_REVIEW", "ADVISED", "CLOSED"])
        rows.append(
            f"({q(est)}, 'bench', {q(title)}, {q(summary)}, {q(need)}, {q(cat)}, 'STAFF', {q(supplier)}, "
            f"FALSE, FALSE, TRUE, FALSE, FALSE, '2027-04-01', {rnd.randrange(0, 5_000_000)}, "
            f"{rnd.randrange(0, 1_000_000)}, 0, {rnd.randrange(0, 500_000)}, 0, {rnd.randrange(0, 6)}, "
            f"{q(state)}, {q(at)}, {q(at)}, {q(at)})")
    cols = ("establishment, proposer, title, summary, need, category, users, supplier, assured, "
            "free_offer, personal_data, hmpps_network, central_funding_assumed, wanted_start, "
            "one_off_hardware_software_pence, one_off_labour_pence, internal_staff_pence, "
            "yearly_support_pence, yearly_live_service_pence, contract_years, state, created_at, "
            "updated_at, submitted_at")
    for start in range(0, len(rows), 500):
        out.append(f"INSERT INTO demand_proposals ({cols}) VALUES\n" + ",\n".join(rows[start:start + 500]) + ";")
    out.append("COMMIT;")
    print("\n".join(out))


if __name__ == "__main__":
    main()
