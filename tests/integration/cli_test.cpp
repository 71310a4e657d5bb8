// The operator command line, run as a real process against SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/fixture.hpp"

namespace warden::testing {
namespace {

class CliTest : public WardenTest {};

const char* kHeader =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text) {
    std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

bool OneLine(const std::string& s) { return !s.empty() && s.find('\n') == s.size() - 1; }

TEST_P(CliTest, MigrateIsIdempotent) {
    auto first = Warden({"migrate"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("applied"), std::string::npos) << first.out;
    auto second = Warden({"migrate"});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("up to date"), std::string::npos) << second.out;
}

TEST_P(CliTest, AddsRegionsEstablishmentsUsersAndTokens) {
    LoadOrganisation();
    auto token = TokenFor("security");
    EXPECT_GE(token.size(), 20u);
}

TEST_P(CliTest, FailuresExitNonZeroWithAOneLineReason) {
    LoadOrganisation();
    auto unknown_role = Warden({"user", "add", "bob", "--name", "Bob", "--email", "bob@x.gov.uk",
                                "--roles", "JANITOR", "--caseload", "MDI"},
                               std::string(kPassword) + "\n");
    EXPECT_NE(unknown_role.exit_code, 0);
    EXPECT_TRUE(OneLine(unknown_role.err)) << unknown_role.err;
    EXPECT_NE(unknown_role.err.find("JANITOR"), std::string::npos);

    auto unknown_region =
        Warden({"establishment", "add", "XYZ", "--name", "HMP X", "--region", "NOPE",
                "--spoc-email", "a@x.gov.uk", "--security-email", "b@x.gov.uk"});
    EXPECT_NE(unknown_region.exit_code, 0);
    EXPECT_TRUE(OneLine(unknown_region.err)) << unknown_region.err;
    EXPECT_NE(unknown_region.err.find("NOPE"), std::string::npos) << unknown_region.err;

    auto duplicate = Warden({"user", "add", "security", "--name", "Again", "--email",
                             "again@x.gov.uk", "--roles", "SECURITY", "--caseload", "MDI"},
                            std::string(kPassword) + "\n");
    EXPECT_NE(duplicate.exit_code, 0);
    EXPECT_TRUE(OneLine(duplicate.err)) << duplicate.err;

    auto unknown_caseload = Warden({"user", "add", "carol", "--name", "Carol", "--email",
                                    "carol@x.gov.uk", "--roles", "SECURITY", "--caseload", "ZZZ"},
                                   std::string(kPassword) + "\n");
    EXPECT_NE(unknown_caseload.exit_code, 0);

    auto no_token_user = Warden({"token", "create", "nobody"});
    EXPECT_NE(no_token_user.exit_code, 0);
    EXPECT_TRUE(OneLine(no_token_user.err)) << no_token_user.err;
}

TEST_P(CliTest, ImportsPrisonersIdempotentlyAndReportsBadLines) {
    LoadOrganisation();
    std::string csv = std::string(kHeader) +
                      "A1234BC,John,Smith,1980-01-02,MDI,A,A-1-001,REMAND,C,,0,0,0\n"
                      "Z12,Bad,Number,1980-01-02,MDI,A,A-1-002,SENTENCED,C,,0,0,0\n"
                      "B2345CD,Jane,\"O'Neil, Jr\",1975-05-06,MDI,HCC,H-1-001,sentenced,b,"
                      "XEL;HA,1,0,2\n";
    auto path = WriteFile(dir_, "mdi.csv", csv);
    auto first = Warden({"import", "prisoners", path, "--establishment", "MDI"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("\"inserted\":2"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("\"line\":3"), std::string::npos) << first.out;
    // The same shape as the API's answer (one writer): a full file with a rejected line marks
    // nobody gone.
    EXPECT_NE(first.out.find("\"gone_skipped\":true"), std::string::npos) << first.out;

    auto again = Warden({"import", "prisoners", path, "--establishment", "MDI"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("\"inserted\":0"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("\"updated\":0"), std::string::npos) << again.out;

    // A full extract without B2345CD marks them gone; a partial one would not.
    auto partial_path = WriteFile(
        dir_, "partial.csv",
        std::string(kHeader) + "A1234BC,John,Smith,1980-01-02,MDI,A,A-1-001,REMAND,C,,0,0,0\n");
    auto partial =
        Warden({"import", "prisoners", partial_path, "--establishment", "MDI", "--partial"});
    ASSERT_EQ(partial.exit_code, 0) << partial.err;
    EXPECT_NE(partial.out.find("\"gone\":0"), std::string::npos) << partial.out;
    auto full = Warden({"import", "prisoners", partial_path, "--establishment", "MDI"});
    ASSERT_EQ(full.exit_code, 0) << full.err;
    EXPECT_NE(full.out.find("\"gone\":1"), std::string::npos) << full.out;
    EXPECT_NE(full.out.find("\"gone_skipped\":false"), std::string::npos) << full.out;
}

TEST_P(CliTest, ImportsFromAPipe) {
    LoadOrganisation();
    // `cat FILE | warden import prisoners /dev/stdin`: a pipe has no size, so it is read in blocks.
    const std::string path = WriteFile(
        dir_, "piped.csv",
        std::string(kHeader) + "A1234BC,John,Smith,1980-01-02,MDI,A,A-1-001,REMAND,C,,0,0,0\n");
    auto piped = RunCommand({"/bin/sh", "-c",
                             "cat '" + path + "' | '" + WardenBinary() +
                                 "' import prisoners /dev/stdin --establishment MDI"},
                            env_);
    ASSERT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_NE(piped.out.find("\"inserted\":1"), std::string::npos) << piped.out;
}

TEST_P(CliTest, RejectsFilesOfTheWrongShapeAndChangesNothing) {
    LoadOrganisation();
    auto empty =
        Warden({"import", "prisoners", WriteFile(dir_, "e.csv", ""), "--establishment", "MDI"});
    EXPECT_NE(empty.exit_code, 0);
    EXPECT_TRUE(OneLine(empty.err)) << empty.err;
    auto shape = Warden({"import", "prisoners", WriteFile(dir_, "s.csv", "name,age\nbob,3\n"),
                         "--establishment", "MDI"});
    EXPECT_NE(shape.exit_code, 0);
    auto latin1 = Warden({"import", "prisoners",
                          WriteFile(dir_, "l.csv",
                                    std::string(kHeader) + "A1234BC,Jos\xe9,Smith,1980-01-02,MDI,A,"
                                                           "A-1-001,REMAND,C,,0,0,0\n"),
                          "--establishment", "MDI"});
    EXPECT_NE(latin1.exit_code, 0);
    EXPECT_NE(latin1.err.find("UTF-8"), std::string::npos) << latin1.err;
    auto missing = Warden({"import", "prisoners", dir_ + "/none.csv", "--establishment", "MDI"});
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
    auto directory = Warden({"import", "prisoners", dir_, "--establishment", "MDI"});
    EXPECT_NE(directory.exit_code, 0);
    EXPECT_TRUE(OneLine(directory.err)) << directory.err;
    EXPECT_NE(directory.err.find("it is a folder"), std::string::npos) << directory.err;
    // A 1 GiB file (sparse) is refused as too large.
    const std::string huge = WriteFile(dir_, "huge.csv", kHeader);
    std::filesystem::resize_file(huge, std::uintmax_t{1} << 30);
    auto too_large = Warden({"import", "prisoners", huge, "--establishment", "MDI"});
    EXPECT_NE(too_large.exit_code, 0);
    EXPECT_TRUE(OneLine(too_large.err)) << too_large.err;
    EXPECT_NE(too_large.err.find("larger than 64 MB"), std::string::npos) << too_large.err;
    std::filesystem::remove(huge);
    // None of these files stored a prisoner.
    auto count = Sql("SELECT count(*) FROM prisoners");
    ASSERT_EQ(count.exit_code, 0) << count.err;
    EXPECT_EQ(count.out, "0\n");
}

TEST_P(CliTest, AuditVerifyDetectsAnEditedRow) {
    LoadOrganisation();
    auto ok = Warden({"audit", "verify"});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("verified"), std::string::npos);

    // The table refuses the edit (append-only in the database itself, ADR 0007)...
    const std::string sql = "UPDATE audit_log SET detail = 'edited' WHERE seq = 2";
    EXPECT_NE(Sql(sql).exit_code, 0);
    // ...and someone with the rights to drop its guard still cannot reseal the chain.
    const std::string drop = GetParam() == Backend::kSqlite
                                 ? "DROP TRIGGER audit_log_no_update"
                                 : "DROP TRIGGER audit_log_no_update_or_delete ON audit_log";
    auto dropped = Sql(drop);
    ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
    auto edit = Sql(sql);
    ASSERT_EQ(edit.exit_code, 0) << edit.err;
    auto bad = Warden({"audit", "verify"});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("entry 2"), std::string::npos) << bad.err;
}

TEST_P(CliTest, AuditVerifyNeedsTheRightKey) {
    LoadOrganisation();
    ASSERT_EQ(Warden({"audit", "verify"}).exit_code, 0);

    env_["WARDEN_AUDIT_KEY"] = "another-key-of-at-least-32-characters!";
    auto wrong = Warden({"audit", "verify"});
    EXPECT_NE(wrong.exit_code, 0);
    EXPECT_NE(wrong.err.find("key"), std::string::npos) << wrong.err;

    // No key at all (and no development key file in the working directory): refused.
    env_.erase("WARDEN_AUDIT_KEY");
    auto missing = RunCommand(
        {"/bin/sh", "-c", "cd \"$0\" && exec \"$1\" audit verify", dir_, WardenBinary()}, env_);
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("WARDEN_AUDIT_KEY"), std::string::npos) << missing.err;

    // Production refuses to start without a key.
    env_["WARDEN_ENV"] = "production";
    env_["WARDEN_PUBLIC_URL"] = "https://warden.example.justice.gov.uk";
    auto serve = Warden({"serve"});
    EXPECT_NE(serve.exit_code, 0);
    EXPECT_NE(serve.err.find("WARDEN_AUDIT_KEY"), std::string::npos) << serve.err;
}

TEST_P(CliTest, DemoLoadsDataAndIsIdempotent) {
    env_["WARDEN_DEMO_PASSWORD"] = "demo-password-for-tests";
    auto first = Warden({"demo", "--prisoners", "300"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    for (const char* user :
         {"admin", "officer", "spoc", "security", "governor", "monitoring", "reviewer"}) {
        EXPECT_NE(first.out.find(user), std::string::npos) << user;
    }
    EXPECT_NE(first.out.find("demo-password-for-tests"), std::string::npos);
    auto second = Warden({"demo", "--prisoners", "300"});
    ASSERT_EQ(second.exit_code, 0) << second.err;
}

// In production the demo would re-enable its accounts with known passwords: it refuses (exit 5)
// and changes nothing.
TEST_P(CliTest, DemoRefusesToRunInProduction) {
    env_["WARDEN_ENV"] = "production";
    env_["WARDEN_PUBLIC_URL"] = "https://warden.example.justice.gov.uk";
    env_["WARDEN_DEMO_PASSWORD"] = "demo-password-for-tests";
    auto refused = Warden({"demo", "--prisoners", "300"});
    EXPECT_EQ(refused.exit_code, 5) << refused.out;
    EXPECT_NE(refused.err.find("does not run when WARDEN_ENV=production"), std::string::npos)
        << refused.err;
    EXPECT_EQ(refused.out.find("demo-password-for-tests"), std::string::npos);
    env_.erase("WARDEN_ENV");
    env_.erase("WARDEN_PUBLIC_URL");
    auto users = Warden({"token", "create", "officer"});
    EXPECT_NE(users.exit_code, 0) << "the demo users must not exist: " << users.out;
}

TEST_P(CliTest, BadConfigurationStopsWithAOneLineReason) {
    env_["WARDEN_DATABASE_URL"] = "mysql://nope";
    auto r = Warden({"migrate"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(OneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("WARDEN_DATABASE_URL"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace warden::testing
