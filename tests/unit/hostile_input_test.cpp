// Input built to break the front end: every case ends in diagnostics, never a crash, a
// hang or a stack overflow.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "diagnostics/source_loader.h"

#include "parse/parser.h"
#include "parse_helpers.h"

namespace slac::testing {
namespace {

std::string Repeat(const std::string& text, size_t count) {
  std::string result;
  result.reserve(text.size() * count);
  for (size_t i = 0; i < count; ++i) {
    result += text;
  }
  return result;
}

TEST_CASE("an empty or blank file is reported", "[hostile]") {
  CHECK(CodesAndPositions(ParseText("")->sink) == "E0006@1:1");
  CHECK(CodesAndPositions(ParseText("  \n# only a comment\n\t\n")->sink) == "E0006@1:1");
}

TEST_CASE("binary garbage is reported at its first NUL byte", "[hostile]") {
  std::string garbage = std::string(kHeader) + std::string("x\x01\x02\0\xff", 5);
  CHECK(CodesAndPositions(ParseText(garbage)->sink) == "E0004@2:4");
}

TEST_CASE("invalid UTF-8 is reported at the offending byte", "[hostile]") {
  CHECK(CodesAndPositions(ParseText(std::string(kHeader) + "let x = \"caf\xE9\"\n")->sink) ==
        "E0003@2:13");
  // An overlong encoding of `/` and a lone surrogate are not UTF-8 either.
  CHECK(CodesAndPositions(ParseText("\xC0\xAF")->sink) == "E0003@1:1");
  CHECK(CodesAndPositions(ParseText("ab\xED\xA0\x80")->sink) == "E0003@1:3");
}

TEST_CASE("CRLF line ends and tabs keep lines and columns right", "[hostile]") {
  auto parsed = ParseText("policy t version 1.0.0\r\n\tlet\tx = (1 + )\r\n");
  CHECK(CodesAndPositions(parsed->sink) == "E0201@2:15");
}

TEST_CASE("unterminated strings and regular expressions are reported once", "[hostile]") {
  CHECK(CodesAndPositions(ParseText(std::string(kHeader) + "let x = \"abc\n")->sink) ==
        "E0102@2:9");
  CHECK(CodesAndPositions(ParseText(std::string(kHeader) + "let x = title matches /abc\n")->sink) ==
        "E0103@2:23");
}

TEST_CASE("nesting 10,000 deep is a diagnostic, not a stack overflow", "[hostile]") {
  const size_t depth = 10'000;
  std::string parens =
      std::string(kHeader) + "let x = " + Repeat("(", depth) + "1" + Repeat(")", depth) + "\n";
  CHECK(CodesAndPositions(ParseText(parens)->sink) ==
        "E0204@2:" + std::to_string(9 + kMaxNestingDepth));

  std::string nots = std::string(kHeader) + "let x = " + Repeat("not ", depth) + "true\n";
  CHECK(CodesAndPositions(ParseText(nots)->sink) ==
        "E0204@2:" + std::to_string(9 + 4 * kMaxNestingDepth));

  std::string signs = std::string(kHeader) + "let x = " + Repeat("- ", depth) + "1\n";
  CHECK(CodesAndPositions(ParseText(signs)->sink) ==
        "E0204@2:" + std::to_string(9 + 2 * kMaxNestingDepth));

  std::string sets = std::string(kHeader) + "let x = " + Repeat("{", depth) + "\n";
  CHECK(CodesAndPositions(ParseText(sets)->sink) ==
        "E0204@2:" + std::to_string(9 + kMaxNestingDepth));
}

TEST_CASE("nesting up to the limit is accepted", "[hostile]") {
  const size_t depth = kMaxNestingDepth - 1;
  std::string parens =
      std::string(kHeader) + "let x = " + Repeat("(", depth) + "1" + Repeat(")", depth) + "\n";
  auto parsed = ParseText(parens);
  CHECK(parsed->sink.diagnostics().empty());
  CHECK(parsed->file.decls.size() == 1);
}

TEST_CASE("a sum of 50,000 terms is refused without deep recursion", "[hostile]") {
  // The parser reads the chain with a loop; the builder stops once the tree would be too
  // deep for the phases after it, which recurse.
  std::string sum = std::string(kHeader) + "let x = 1" + Repeat(" + 1", 50'000) + "\n";
  auto parsed = ParseText(sum);
  CHECK(CodesAndPositions(parsed->sink) == "E0204@2:9");
}

TEST_CASE("a chain at the depth limit is accepted", "[hostile]") {
  std::string sum =
      std::string(kHeader) + "let x = 1" + Repeat(" + 1", kMaxExpressionDepth - 1) + "\n";
  auto parsed = ParseText(sum);
  CHECK(parsed->sink.diagnostics().empty());
  REQUIRE(parsed->file.decls.size() == 1);
  CHECK(ast::As<ast::LetDecl>(*parsed->file.decls[0]).value->depth == kMaxExpressionDepth);
}

TEST_CASE("a 10 MB policy is parsed", "[hostile]") {
  std::string text = kHeader;
  size_t lets = 0;
  while (text.size() < 10u << 20) {
    text += "let v" + std::to_string(lets++) +
            " = employees >= 5 and title matches /VP/i or employees * 2 + 1 > 100\n";
  }
  auto parsed = ParseText(text);
  CHECK(parsed->sink.diagnostics().empty());
  CHECK(parsed->file.decls.size() == lets);
}

TEST_CASE("a line of a megabyte is one token, reported with a short excerpt", "[hostile]") {
  std::string text = std::string(kHeader) + "let x = " + std::string(1u << 20, 'a') + " $\n";
  auto parsed = ParseText(text);
  CHECK(CodesAndPositions(parsed->sink) == "E0101@2:" + std::to_string(10 + (1u << 20)));
}

TEST_CASE("a file over the size limit is refused before it is read", "[hostile]") {
  // A sparse file: the size is real, the disk use is not.
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("slac-huge-" + std::to_string(getpid()) + ".sla");
  {
    std::ofstream out(path, std::ios::binary);
    out.seekp(static_cast<std::streamoff>(kMaxSourceBytes));
    out.put('\n');
  }
  SourceManager sources;
  DiagnosticSink sink;
  CHECK_FALSE(LoadSourceFile(path.string(), sources, sink).has_value());
  CHECK(CodesAndPositions(sink) == "E0005");
  CHECK(sink.diagnostics()[0].message ==
        "`" + path.string() + "` is larger than 64 MiB; a policy file that large is not read");
  std::filesystem::remove(path);
}

TEST_CASE("garbage tokens give a bounded number of errors", "[hostile]") {
  std::string text = std::string(kHeader) + Repeat("=> ) ] : , ; 5 ", 2'000) + "\n";
  auto parsed = ParseText(text);
  CHECK(parsed->sink.ErrorCount() >= 1);
  // At most 30 unexpected characters and 30 syntax errors are reported.
  CHECK(parsed->sink.ErrorCount() <= 60);
}

}  // namespace
}  // namespace slac::testing
