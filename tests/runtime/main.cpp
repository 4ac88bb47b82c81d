// The runtime host's unit tests: readers, mapping, generator and the public API.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
