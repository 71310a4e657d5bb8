// warden: the server and operator command line.

#include <cstdlib>
#include <iostream>

#include "app/config.hpp"
#include "app/wiring.hpp"
#include "cli/cli.hpp"

#ifndef WARDEN_SOURCE_DIR
#define WARDEN_SOURCE_DIR "."
#endif

int main(int argc, char** argv) {
    auto config = warden::app::LoadConfig([](const char* name) { return std::getenv(name); },
                                          WARDEN_SOURCE_DIR);
    if (!config) {
        std::cerr << "warden: " << config.error().message << "\n";
        return 2;
    }
    warden::app::AppWiring wiring(std::move(config).value());
    return warden::cli::RunCli(argc, argv, wiring, std::cin, std::cout, std::cerr);
}
