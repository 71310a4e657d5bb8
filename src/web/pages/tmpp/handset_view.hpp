#pragma once
// What the handset pages share (handset_pages.cpp, handset_wing_pages.cpp).

#include <string>

#include "core/clock.hpp"
#include "domain/tmpp/handsets/handset.hpp"
#include "web/pages/page_kit.hpp"

namespace warden::web::pages {

/// A tag's data {text, class} for a handset status.
Data HandsetStatusTag(domain::HandsetStatus status);

}  // namespace warden::web::pages
