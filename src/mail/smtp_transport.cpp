#include "mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>

namespace warden::mail {

namespace {

constexpr const char* kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(in[i]) << 16U) |
                           (static_cast<unsigned char>(in[i + 1]) << 8U) |
                           static_cast<unsigned char>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += kBase64[(n >> static_cast<unsigned>(s)) & 63U];
    }
    if (i < in.size()) {
        unsigned n = static_cast<unsigned char>(in[i]) << 16U;
        if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8U;
        out += kBase64[(n >> 18U) & 63U];
        out += kBase64[(n >> 12U) & 63U];
        out += i + 1 < in.size() ? kBase64[(n >> 6U) & 63U] : '=';
        out += '=';
    }
    return out;
}

bool PlainAscii(std::string_view s) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (u < 0x20 && c != '\n' && c != '\r' && c != '\t')) return false;
    }
    return true;
}

std::string HeaderText(const std::string& text) {
    if (PlainAscii(text)) return text;
    return "=?UTF-8?B?" + Base64(text) + "?=";
}

std::string JoinAddresses(const std::vector<std::string>& addresses) {
    std::string out;
    for (const auto& a : addresses) out += (out.empty() ? "" : ", ") + a;
    return out;
}

// The body's lines, LF or CRLF ended.
std::vector<std::string_view> Lines(std::string_view body) {
    std::vector<std::string_view> lines;
    while (!body.empty()) {
        size_t nl = body.find('\n');
        std::string_view line = body.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        body.remove_prefix(nl + 1);
    }
    return lines;
}

// Quoted-printable (RFC 2045), soft line breaks before 76 characters.
std::string QuotedPrintable(const std::vector<std::string_view>& lines) {
    static constexpr const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (auto line : lines) {
        size_t width = 0;
        for (size_t i = 0; i < line.size(); ++i) {
            const auto u = static_cast<unsigned char>(line[i]);
            const bool last = i + 1 == line.size();
            std::string piece;
            if ((u >= 33 && u <= 126 && u != '=') || ((u == ' ' || u == '\t') && !last)) {
                piece = std::string(1, line[i]);
            } else {
                piece = {'=', kHex[u >> 4U], kHex[u & 15U]};
            }
            if (width + piece.size() > 75) {
                out += "=\r\n";
                width = 0;
            }
            out += piece;
            width += piece.size();
        }
        out += "\r\n";
    }
    return out;
}

struct Upload {
    const std::string* data = nullptr;
    size_t offset = 0;
};

size_t ReadPayload(char* buffer, size_t size, size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const size_t room = size * count;
    const size_t left = upload->data->size() - upload->offset;
    const size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data->data() + upload->offset, n);
    upload->offset += n;
    return n;
}

// Failures after which the rest of the batch cannot go either.
bool ConnectionFailure(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_LOGIN_DENIED:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_USE_SSL_FAILED:
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
            return true;
        default:
            return false;
    }
}

std::string Password(const std::string& url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string::npos) return {};
    const size_t at = url.find('@', scheme + 3);
    if (at == std::string::npos) return {};
    const size_t colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return {};
    return url.substr(colon + 1, at - colon - 1);
}

void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string RedactUrl(const std::string& url) {
    const std::string password = Password(url);
    if (password.empty()) return url;
    const size_t scheme = url.find("://");
    const size_t at = url.find('@', scheme + 3);
    const size_t colon = url.find(':', scheme + 3);
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::string MailDate(TimePoint t) {
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - day)};
    const unsigned weekday = std::chrono::weekday{day}.c_encoding();
    std::array<char, 64> text{};
    std::snprintf(text.data(), text.size(), "%s, %02u %s %04d %02d:%02d:%02d +0000",
                  kDays.at(weekday), static_cast<unsigned>(ymd.day()),
                  kMonths.at(static_cast<unsigned>(ymd.month()) - 1), static_cast<int>(ymd.year()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return text.data();
}

std::string FormatMessage(const domain::notify::OutboxMessage& message, const std::string& from,
                          const std::string& date) {
    std::string out;
    out += "Date: " + date + "\r\n";
    out += "From: " + from + "\r\n";
    out += "To: " + JoinAddresses(message.to) + "\r\n";
    if (!message.cc.empty()) out += "Cc: " + JoinAddresses(message.cc) + "\r\n";
    out += "Subject: " + HeaderText(message.subject) + "\r\n";
    out += "Message-ID: " + message.message_id + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    const auto lines = Lines(message.body);
    bool plain = PlainAscii(message.body);
    for (auto line : lines) plain = plain && line.size() <= 998;
    if (plain) {
        out += "Content-Transfer-Encoding: 7bit\r\n\r\n";
        for (auto line : lines) out += std::string(line) + "\r\n";
    } else {
        out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        out += QuotedPrintable(lines);
    }
    return out;
}

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
    GlobalInit();
}

std::vector<Status> SmtpTransport::SendBatch(
    const std::vector<domain::notify::OutboxMessage>& batch, std::chrono::seconds time_left) {
    const auto deadline = std::chrono::steady_clock::now() + time_left;
    std::vector<Status> results;
    results.reserve(batch.size());
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        results.resize(batch.size(), Error::Unavailable("cannot start libcurl"));
        return results;
    }
    const std::string password = Password(settings_.url);
    const std::string envelope_from = "<" + settings_.from + ">";
    std::optional<Error> give_up;
    for (const auto& message : batch) {
        if (give_up) {
            results.emplace_back(Error::Unavailable("not tried: " + give_up->message));
            continue;
        }
        const long left = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                                deadline - std::chrono::steady_clock::now())
                                                .count());
        if (left < 1) break;  // the rest are not tried: the claim's lease is running out
        CURL* h = curl.get();
        curl_easy_reset(h);  // keeps the open connection for the next message
        const std::string payload = FormatMessage(
            message, settings_.from,
            MailDate(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())));
        Upload upload{&payload, 0};
        curl_slist* rcpt = nullptr;
        for (const auto& a : message.to) rcpt = curl_slist_append(rcpt, ("<" + a + ">").c_str());
        for (const auto& a : message.cc) rcpt = curl_slist_append(rcpt, ("<" + a + ">").c_str());
        std::array<char, CURL_ERROR_SIZE> error{};
        curl_easy_setopt(h, CURLOPT_URL, settings_.url.c_str());
        curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
        curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from.c_str());
        curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadPayload);
        curl_easy_setopt(h, CURLOPT_READDATA, &upload);
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_INFILESIZE, static_cast<long>(payload.size()));
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
                         std::min(settings_.connect_timeout_seconds, left));
        curl_easy_setopt(h, CURLOPT_TIMEOUT, std::min(settings_.timeout_seconds, left));
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error.data());
        const CURLcode code = curl_easy_perform(h);
        curl_slist_free_all(rcpt);
        // A send that ran out of the time the lease left it (not of its own timeouts) is not a
        // failure of the server: it and the rest are not tried, and due again at once.
        if (code == CURLE_OPERATION_TIMEDOUT &&
            (left < settings_.timeout_seconds || left < settings_.connect_timeout_seconds)) {
            break;
        }
        if (code == CURLE_OK) {
            results.emplace_back(Ok());
            continue;
        }
        long response = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response);
        std::string text = error[0] ? error.data() : curl_easy_strerror(code);
        if (response > 0) text += " (SMTP " + std::to_string(response) + ")";
        if (!password.empty()) {
            for (size_t at = text.find(password); at != std::string::npos;
                 at = text.find(password)) {
                text.replace(at, password.size(), "***");
            }
        }
        Error failure = Error::Unavailable(text);
        if (ConnectionFailure(code)) give_up = failure;
        results.emplace_back(std::move(failure));
    }
    return results;
}

}  // namespace warden::mail
