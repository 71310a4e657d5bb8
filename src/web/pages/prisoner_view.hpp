#pragma once
// The rows of a prisoner list, for the prisoners page (and its render-time benchmark test).

#include <vector>

#include "domain/prisoners/prisoner.hpp"
#include "web/views/view_data.hpp"

namespace warden::web::pages {

/// One row per prisoner: number, name ("Last, First"), wing, cell, category, status.
views::Data PrisonerRows(const std::vector<domain::Prisoner>& prisoners);

}  // namespace warden::web::pages
