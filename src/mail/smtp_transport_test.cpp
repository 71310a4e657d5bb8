#include "mail/smtp_transport.hpp"

#include <gtest/gtest.h>

namespace warden::mail {
namespace {

using namespace std::chrono;

domain::notify::OutboxMessage Message() {
    domain::notify::OutboxMessage m;
    m.message_id = "<0b7c8a52-1f0e-4b7a-9c3d-2e4f5a6b7c8d@warden.host>";
    m.to = {"spoc@mdi.example", "security@mdi.example"};
    m.cc = {"monitoring@justice.example"};
    m.subject = "TMPP incident MDI-TMPP-2026-00042";
    m.body = "Reference: MDI-TMPP-2026-00042\nLink: https://warden.example/incidents/42\n";
    return m;
}

TEST(SmtpTransportTest, FormatsHeadersAndAPlainBody) {
    const std::string text =
        FormatMessage(Message(), "warden@justice.example", "Sun, 22 Nov 2026 10:00:00 +0000");
    EXPECT_EQ(text,
              "Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
              "From: warden@justice.example\r\n"
              "To: spoc@mdi.example, security@mdi.example\r\n"
              "Cc: monitoring@justice.example\r\n"
              "Subject: TMPP incident MDI-TMPP-2026-00042\r\n"
              "Message-ID: <0b7c8a52-1f0e-4b7a-9c3d-2e4f5a6b7c8d@warden.host>\r\n"
              "MIME-Version: 1.0\r\n"
              "Content-Type: text/plain; charset=utf-8\r\n"
              "Content-Transfer-Encoding: 7bit\r\n"
              "\r\n"
              "Reference: MDI-TMPP-2026-00042\r\n"
              "Link: https://warden.example/incidents/42\r\n");
}

TEST(SmtpTransportTest, EncodesUnicodeSubjectsAndBodies) {
    auto m = Message();
    m.cc.clear();
    m.subject = "Wing é";
    m.body = "Café = ok";
    const std::string text = FormatMessage(m, "w@x.example", "d");
    EXPECT_EQ(text.find("Cc:"), std::string::npos);
    EXPECT_NE(text.find("Subject: =?UTF-8?B?V2luZyDDqQ==?=\r\n"), std::string::npos);
    EXPECT_NE(text.find("Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 =3D ok\r\n"),
              std::string::npos);
}

TEST(SmtpTransportTest, RedactsThePasswordAndFormatsDates) {
    EXPECT_EQ(RedactUrl("smtp://user:s3cret@mail.example:587"), "smtp://user:***@mail.example:587");
    EXPECT_EQ(RedactUrl("smtps://mail.example"), "smtps://mail.example");
    EXPECT_EQ(MailDate(sys_days{year{2026} / 11 / 30} + hours{15} + minutes{48} + seconds{6}),
              "Mon, 30 Nov 2026 15:48:06 +0000");
}

TEST(SmtpTransportTest, AnUnreachableServerFailsTheBatchWithoutSecrets) {
    // Port 1 on loopback refuses connections: the first message fails, the rest are not tried.
    SmtpTransport transport({"smtp://user:s3cret@127.0.0.1:1", "warden@x.example", 2, 5});
    auto results = transport.SendBatch({Message(), Message()}, std::chrono::seconds{60});
    ASSERT_EQ(results.size(), 2u);
    ASSERT_FALSE(results[0].ok());
    EXPECT_EQ(results[0].error().message.find("s3cret"), std::string::npos);
    ASSERT_FALSE(results[1].ok());
    EXPECT_EQ(results[1].error().message.rfind("not tried: ", 0), 0u);
}

TEST(SmtpTransportTest, StartsNoSendWithLessThanASecondOfTheLeaseLeft) {
    SmtpTransport transport({"smtp://127.0.0.1:1", "warden@x.example", 2, 5});
    EXPECT_TRUE(transport.SendBatch({Message(), Message()}, std::chrono::seconds{0}).empty());
}

}  // namespace
}  // namespace warden::mail
