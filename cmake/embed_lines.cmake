# Turns a text file of one entry a line into a C++ source that defines
# warden::domain::CommonPasswordList(). Lines that are empty or start with '#' are skipped; an
# entry holding '"' or '\' fails the build (the list never needs them).
# Usage: cmake -DIN=list.txt -DOUT=list.cpp -P embed_lines.cmake
file(STRINGS "${IN}" _lines ENCODING UTF-8)
set(_body "")
foreach(_line IN LISTS _lines)
  if(_line STREQUAL "" OR _line MATCHES "^#")
    continue()
  endif()
  if(_line MATCHES "[\"\\\\]")
    message(FATAL_ERROR "${IN}: entry '${_line}' holds a quote or a backslash")
  endif()
  string(APPEND _body "        \"${_line}\",\n")
endforeach()
file(WRITE "${OUT}" "// Generated from ${IN} by cmake/embed_lines.cmake: do not edit.
#include \"domain/people/passwords.hpp\"

namespace warden::domain {

const std::vector<std::string_view>& CommonPasswordList() {
    static const std::vector<std::string_view> list = {
${_body}    };
    return list;
}

}  // namespace warden::domain
")
