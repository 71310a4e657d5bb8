#pragma once
// A fixture for the layering check: the domain may include neither Boost nor the web layer.

#include <boost/json.hpp>

#include "web/http.hpp"
