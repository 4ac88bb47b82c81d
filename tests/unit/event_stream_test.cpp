// The CRM event reader: each event type, instants with offsets, and the message for each
// way a line can be wrong.
#include "replay/event_stream.h"

#include <catch2/catch.hpp>

namespace slac {
namespace {

using replay::CrmEvent;
using replay::ParseEventLine;
using replay::ParseInstant;

TEST_CASE("instants need an offset and keep their milliseconds", "[events]") {
  CHECK(ParseInstant("2026-03-06T17:30:00-05:00") == 1'772'836'200'000);
  CHECK(ParseInstant("2026-03-06T22:30:00Z") == 1'772'836'200'000);
  CHECK(ParseInstant("2026-03-06T22:30:00.250Z") == 1'772'836'200'250);
  CHECK_FALSE(ParseInstant("2026-03-06T22:30:00"));
  CHECK_FALSE(ParseInstant("2026-02-30T10:00:00Z"));
  CHECK_FALSE(ParseInstant("yesterday"));
  CHECK(replay::FormatInstant(1'772'836'200'250) == "2026-03-06T22:30:00.250Z");
}

TEST_CASE("each event type reads its members", "[events]") {
  auto upsert = ParseEventLine(
      R"({"id":"1","at":"2026-03-06T22:30:00Z","lead":"L","type":"upsert","fields":{"employees":20,"vip":true,"score":1.5,"name":"Kim","account":null}})",
      4);
  REQUIRE(upsert.event);
  CHECK(upsert.event->line == 4);
  CHECK(upsert.event->type == CrmEvent::Type::kUpsert);
  CHECK(upsert.event->values.at("employees").integer == 20);
  CHECK(upsert.event->values.at("vip").AsText() == "true");
  CHECK(upsert.event->values.at("score").number == 1.5);
  CHECK(upsert.event->values.at("name").text == "Kim");
  CHECK(upsert.event->values.at("account").kind == replay::Value::Kind::kNull);

  auto activity = ParseEventLine(
      R"({"id":"2","at":"2026-03-06T22:30:00Z","lead":"L","type":"activity","kind":"touch","attributes":{"channel":"phone"}})",
      5);
  REQUIRE(activity.event);
  CHECK(activity.event->kind == "touch");
  CHECK(activity.event->values.at("channel").AsText() == "phone");

  auto transition = ParseEventLine(
      R"({"id":"3","at":"2026-03-06T22:30:00Z","lead":"L","type":"transition","to":"rejected","reason":"other","note":"gone"})",
      6);
  REQUIRE(transition.event);
  CHECK(transition.event->to == "rejected");
  CHECK(transition.event->reason == "other");
  CHECK(transition.event->note == "gone");

  auto assign = ParseEventLine(
      R"({"id":"4","at":"2026-03-06T22:30:00Z","lead":"L","type":"assign","owner":"ana"})", 7);
  REQUIRE(assign.event);
  CHECK(assign.event->owner == "ana");
  CHECK(assign.event->manager.empty());
}

TEST_CASE("a wrong line says what is wrong", "[events]") {
  auto error = [](const char* text) { return ParseEventLine(text, 1).error; };
  CHECK(error("[1, 2]") == "not a JSON object");
  CHECK(error(R"({"at":"2026-03-06T22:30:00Z","lead":"L","type":"upsert"})") ==
        "`id` is missing or not a string");
  CHECK(error(R"({"id":7,"at":"2026-03-06T22:30:00Z","lead":"L","type":"upsert"})") ==
        "`id` is missing or not a string");
  CHECK(error(R"({"id":"1","at":"2026-03-06","lead":"L","type":"upsert","fields":{}})") ==
        "`at` is not an RFC 3339 instant: `2026-03-06`");
  CHECK(error(R"({"id":"1","at":"2026-03-06T22:30:00Z","lead":"L","type":"upsert"})") ==
        "`fields` is missing");
  CHECK(
      error(
          R"({"id":"1","at":"2026-03-06T22:30:00Z","lead":"L","type":"upsert","fields":{"a":[1]}})") ==
      "`fields.a` is not a scalar");
  CHECK(error(R"({"id":"1","at":"2026-03-06T22:30:00Z","lead":"L","type":"activity"})") ==
        "`kind` is missing or not a string");
  CHECK(error(R"({"id":"1","at":"2026-03-06T22:30:00Z","lead":"L","type":"transition"})") ==
        "`to` is missing or not a string");
  CHECK(error(R"({"id":"1","at":"2026-03-06T22:30:00Z","lead":"L","type":"merge"})") ==
        "unknown `type` `merge`; expected upsert, activity, transition or assign");
}

}  // namespace
}  // namespace slac
