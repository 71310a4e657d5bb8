// Writes a NOMIS-style prisoner CSV of N generated prisoners for one establishment and wing set:
//   warden_gen_csv ESTABLISHMENT COUNT [WING,WING...] > file.csv

#include <cstdlib>
#include <iostream>

#include "cli/cli.hpp"
#include "core/strings.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: warden_gen_csv ESTABLISHMENT COUNT [WING,WING...]\n";
        return 2;
    }
    std::vector<std::string> wings = {"A", "B", "C", "ISO", "SHD", "RC", "HCC", "SEG"};
    if (argc > 3) wings = warden::Split(argv[3], ',');
    std::cout << warden::cli::GeneratePrisonerCsv(argv[1], wings, std::atoi(argv[2]), 7, 0);
    return 0;
}
