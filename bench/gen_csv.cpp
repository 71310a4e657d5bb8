// Writes a NOMIS-style prisoner CSV of N generated prisoners for one establishment and wing set:
//   warden_gen_csv ESTABLISHMENT COUNT [WING,WING...] [FIRST_NUMBER] > file.csv
// FIRST_NUMBER (default 0) offsets the generated prison numbers, so that files for several
// establishments do not share prisoners.

#include <cstdlib>
#include <iostream>

#include "cli/cli.hpp"
#include "core/strings.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: warden_gen_csv ESTABLISHMENT COUNT [WING,WING...] [FIRST_NUMBER]\n";
        return 2;
    }
    std::vector<std::string> wings = {"A", "B", "C", "ISO", "SHD", "RC", "HCC", "SEG"};
    if (argc > 3 && argv[3][0] != '\0') wings = warden::Split(argv[3], ',');
    int first_number = argc > 4 ? std::atoi(argv[4]) : 0;
    std::cout << warden::cli::GeneratePrisonerCsv(argv[1], wings, std::atoi(argv[2]), 7,
                                                  first_number);
    return 0;
}
