// TSPLIB files (EUC_2D instances and optimal tours): the published benchmarks that hold route_day to account.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <utility>
#include <vector>

#include "crm/routing.hpp"

namespace crm {

/// A TSPLIB instance: its name and the (x, y) coordinates of its nodes, node 1 of the file first.
struct tsplib_instance {
    std::string name;
    std::vector<std::pair<double, double>> coords;
};

/// Reads a TSPLIB EUC_2D instance (NODE_COORD_SECTION); throws illegal_argument for anything else or malformed input.
tsplib_instance read_tsplib(std::istream& in);

/// TSPLIB's EUC_2D distances: the Euclidean distance rounded to the nearest integer (nint).
distance_matrix tsplib_distances(const tsplib_instance& instance);

/// Reads a TSPLIB tour file (TOUR_SECTION, 1-based, ended by -1) and returns the tour 0-based.
std::vector<std::size_t> read_tsplib_tour(std::istream& in);

}  // namespace crm
