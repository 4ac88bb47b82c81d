// A small policy shared by the runtime tests, loaded through the public API.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "slac/runtime.h"

namespace slac::runtime::testing {

inline const char* const kPolicy = R"(policy t.leads version 2.1.0
use std.freemail
lead {
  id: string
  email: string
  employees: int
  revenue: number?
  industry: enum(saas, fintech, other)
  partner: bool?
  created_at: time?
  trial: duration?
  share: percent?
}
events {
  demo_request
  touch(channel: enum(email, phone), note: string?)
}
score fit "Fit" in 0..100 {
  "saas":      industry == saas              => +30
  "big":       employees >= 200              => +25
  "free mail": domain(email) in std.freemail.domains => -40
  "partner":   partner                       => +10
}
score engagement "Intent" in 0..100 {
  "demo":      any demo_request in last 30d  => +40
  "touches":   each touch in last 30d        => +5 capped 20
}
segment enterprise when employees >= 1000
let hot = engagement >= 40 and fit >= 50
let revenue_per_head = revenue / employees
stages {
  new -> mql -> sal
}
stage mql when fit >= 50 or engagement >= 40
sla first_touch {
  starts entering mql
  met by touch
  target {
    enterprise: 1h
    otherwise:  4h
  }
  escalate {
    at 100%: breach
  }
}
guard mql -> sal {
  require count touch in last 14d >= 2 else "two touches first"
}
)";

/// The policy above, loaded with `engine`; fails the test on any diagnostic error.
inline std::unique_ptr<Policy> LoadTestPolicy(Engine engine = Engine::kInterpreter) {
  LoadResult loaded = LoadPolicyText(
      "t.sla", kPolicy,
      LoadOptions{.stdlib_dir = std::string(SLAC_SOURCE_DIR) + "/stdlib", .engine = engine});
  INFO(loaded.failure);
  REQUIRE(loaded.policy != nullptr);
  return std::move(loaded.policy);
}

}  // namespace slac::runtime::testing
