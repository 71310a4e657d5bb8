#pragma once
// Building kainjow mustache data without needless copies. kainjow's own `set` and `push_back`
// copy their argument (deeply, for objects and lists); these helpers move instead, which matters
// for long tables (a 1,000-row prisoner list).
//
// Mustache truthiness in kainjow: only `false` and an empty list hide a section; an empty string
// shows it. Use Opt() for text that a template tests with {{#name}}...{{/name}}.

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace warden::web::views {

using Data = kainjow::mustache::data;

/// An empty object.
inline Data Object() { return Data(Data::type::object); }
/// An empty list.
inline Data List() { return Data(Data::type::list); }

/// Sets `object[key] = value` without copying `value`.
inline void Put(Data& object, const std::string& key, Data value) {
    object[key] = std::move(value);
}
/// Sets a text value.
inline void Put(Data& object, const std::string& key, std::string_view text) {
    object[key] = Data(std::string(text));
}
inline void Put(Data& object, const std::string& key, const char* text) {
    object[key] = Data(std::string(text));
}
inline void Put(Data& object, const std::string& key, const std::string& text) {
    object[key] = Data(text);
}
/// Sets a boolean (for sections).
inline void Put(Data& object, const std::string& key, bool value) { object[key] = Data(value); }
/// Sets a number as text.
inline void Put(Data& object, const std::string& key, int value) {
    object[key] = Data(std::to_string(value));
}
inline void Put(Data& object, const std::string& key, long value) {
    object[key] = Data(std::to_string(value));
}
inline void Put(Data& object, const std::string& key, long long value) {
    object[key] = Data(std::to_string(value));
}

/// `text`, or false when it is empty (so that {{#name}} hides the section).
inline Data Opt(std::string_view text) {
    if (text.empty()) return Data(false);
    return Data(std::string(text));
}

/// Appends `item` to `list` without copying it.
inline void Append(Data& list, Data item) {
    // list_value() exposes the list only as const, though kainjow owns it as a mutable vector
    // (a unique_ptr to a non-const list), so the const_cast is well defined.
    const_cast<kainjow::mustache::list&>(list.list_value()).push_back(std::move(item));
}
/// Reserves room for `n` items in `list`.
inline void Reserve(Data& list, std::size_t n) {
    const_cast<kainjow::mustache::list&>(list.list_value()).reserve(n);
}
/// The number of items in `list`.
inline std::size_t Size(const Data& list) { return list.list_value().size(); }

}  // namespace warden::web::views
