// Boost.JSON and Boost.URL compiled from source into the fuzz build, so that their parsers (which
// read every JSON body and query string) carry libFuzzer's coverage and the sanitizers too.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
