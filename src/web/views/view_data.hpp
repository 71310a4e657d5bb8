#pragma once
// The data a view builds for a template (docs/adr/0026-flat-view-data.md).
//
// A Data is an object (named members), a list, a text or a boolean. An object keeps its members in
// one vector in the order they were put, and a later Put of the same name wins: a row of a
// 100-row list is one allocation for its members plus one for each text longer than the short
// string buffer, where kainjow's data took a hash map, a node per member and a heap string per
// text (a sixth of the list page's CPU under load, docs/performance.md).
//
// Mustache truthiness (kainjow's, which the renderer keeps): only `false` and an empty list hide a
// section; an empty text shows it. Use Opt() for text that a template tests with
// {{#name}}...{{/name}}.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace warden::web::views {

class Data {
  public:
    enum class Kind : std::uint8_t { kObject, kList, kText, kTrue, kFalse };
    struct Member;

    // The constructors are defined below Member: a vector of an incomplete type may be declared
    // but not destroyed.
    /// An empty object.
    inline Data();
    /// A text.
    inline Data(std::string text);
    inline Data(const char* text);
    inline Data(std::string_view text);
    /// A boolean (for sections).
    inline Data(bool value);
    /// An empty list.
    static inline Data EmptyList();

    inline Kind kind() const;
    bool IsText() const { return value_.index() == kTextIndex; }
    bool IsFalse() const { return value_.index() == kBoolIndex && !std::get<kBoolIndex>(value_); }
    bool IsList() const { return value_.index() == kListIndex; }
    /// The text (empty unless IsText()).
    inline const std::string& Text() const;
    /// The items of a list (none unless IsList()).
    inline const std::vector<Data>& Items() const;
    /// The members of an object in the order they were put (none unless an object).
    inline const std::vector<Member>& Members() const;

    /// The member `name` of an object (the last put), or nullptr (and for anything but an object).
    inline const Data* Get(std::string_view name) const;
    /// Puts member `name`; throws std::logic_error unless this is an object.
    inline void Set(std::string_view name, Data value);
    /// Puts member `name` holding `text`, built in place.
    inline void SetText(std::string_view name, std::string_view text);
    /// Appends an item; throws std::logic_error unless this is a list.
    inline void Push(Data item);
    /// Reserves room for `n` items of a list or members of an object.
    inline void Reserve(std::size_t n);

  private:
    static constexpr std::size_t kObjectIndex = 0, kListIndex = 1, kTextIndex = 2, kBoolIndex = 3;
    inline std::vector<Member>& ObjectMembers();

    // One of four: an object's members (the default), a list's items, a text, a boolean.
    std::variant<std::vector<Member>, std::vector<Data>, std::string, bool> value_;
};

struct Data::Member {
    Member(std::string_view n, Data v) : name(n), value(std::move(v)) {}
    Member(std::string_view n, std::string_view text) : name(n), value(text) {}
    std::string name;
    Data value;
};

inline Data::Data() = default;
inline Data::Data(std::string text) : value_(std::move(text)) {}
inline Data::Data(const char* text) : value_(std::string(text)) {}
inline Data::Data(std::string_view text) : value_(std::string(text)) {}
inline Data::Data(bool value) : value_(value) {}

inline Data Data::EmptyList() {
    Data list;
    list.value_.emplace<kListIndex>();
    return list;
}

inline Data::Kind Data::kind() const {
    switch (value_.index()) {
        case kListIndex:
            return Kind::kList;
        case kTextIndex:
            return Kind::kText;
        case kBoolIndex:
            return std::get<kBoolIndex>(value_) ? Kind::kTrue : Kind::kFalse;
        default:
            return Kind::kObject;
    }
}

inline const std::string& Data::Text() const {
    static const std::string kNone;
    const auto* text = std::get_if<kTextIndex>(&value_);
    return text != nullptr ? *text : kNone;
}

inline const std::vector<Data>& Data::Items() const {
    static const std::vector<Data> kNone;
    const auto* items = std::get_if<kListIndex>(&value_);
    return items != nullptr ? *items : kNone;
}

inline const std::vector<Data::Member>& Data::Members() const {
    static const std::vector<Member> kNone;
    const auto* members = std::get_if<kObjectIndex>(&value_);
    return members != nullptr ? *members : kNone;
}

inline const Data* Data::Get(std::string_view name) const {
    const auto* members = std::get_if<kObjectIndex>(&value_);
    if (members == nullptr) return nullptr;
    for (auto it = members->rbegin(); it != members->rend(); ++it) {
        if (it->name == name) return &it->value;
    }
    return nullptr;
}

inline std::vector<Data::Member>& Data::ObjectMembers() {
    auto* members = std::get_if<kObjectIndex>(&value_);
    if (members == nullptr) throw std::logic_error("view data: a member put on a non-object");
    if (members->capacity() == 0) members->reserve(8);  // most objects have a few members
    return *members;
}

inline void Data::Set(std::string_view name, Data value) {
    ObjectMembers().emplace_back(name, std::move(value));
}

inline void Data::SetText(std::string_view name, std::string_view text) {
    ObjectMembers().emplace_back(name, text);
}

inline void Data::Push(Data item) {
    auto* items = std::get_if<kListIndex>(&value_);
    if (items == nullptr) throw std::logic_error("view data: an item appended to a non-list");
    items->push_back(std::move(item));
}

inline void Data::Reserve(std::size_t n) {
    if (auto* items = std::get_if<kListIndex>(&value_)) {
        items->reserve(n);
    } else if (auto* members = std::get_if<kObjectIndex>(&value_)) {
        members->reserve(n);
    }
}

/// An empty object.
inline Data Object() { return Data(); }
/// An empty list.
inline Data List() { return Data::EmptyList(); }

/// Sets `object[key] = value` without copying `value`.
inline void Put(Data& object, std::string_view key, Data value) {
    object.Set(key, std::move(value));
}
/// Sets a text value.
inline void Put(Data& object, std::string_view key, std::string_view text) {
    object.SetText(key, text);
}
inline void Put(Data& object, std::string_view key, const char* text) { object.SetText(key, text); }
inline void Put(Data& object, std::string_view key, const std::string& text) {
    object.SetText(key, text);
}
inline void Put(Data& object, std::string_view key, std::string&& text) {
    object.Set(key, Data(std::move(text)));
}
/// Sets a boolean (for sections).
inline void Put(Data& object, std::string_view key, bool value) { object.Set(key, Data(value)); }
/// Sets a number as text.
inline void Put(Data& object, std::string_view key, int value) {
    object.Set(key, Data(std::to_string(value)));
}
inline void Put(Data& object, std::string_view key, long value) {
    object.Set(key, Data(std::to_string(value)));
}
inline void Put(Data& object, std::string_view key, long long value) {
    object.Set(key, Data(std::to_string(value)));
}

/// `text`, or false when it is empty (so that {{#name}} hides the section).
inline Data Opt(std::string_view text) {
    if (text.empty()) return Data(false);
    return Data(text);
}

/// Appends `item` to `list` without copying it.
inline void Append(Data& list, Data item) { list.Push(std::move(item)); }
/// Reserves room for `n` items in `list`.
inline void Reserve(Data& list, std::size_t n) { list.Reserve(n); }
/// The number of items in `list`.
inline std::size_t Size(const Data& list) { return list.Items().size(); }

}  // namespace warden::web::views
