// Tokens of the slac policy language.
//
// The language is whitespace-insensitive: newlines only separate tokens. Literals that
// carry a unit (durations, percents, dates, instants, times of day) are single tokens so
// that `5m`, `70%` and `09:00` can never be split by accident. A regular expression
// literal is only recognised right after `matches`, through a predicate, so `/` stays
// free to be the division operator everywhere else.

lexer grammar SlacLexer;

@lexer::members {
  // Whether the last token the parser sees was `matches`: only then does `/` open a
  // regular expression instead of being the division operator.
  bool after_matches_ = false;

  std::unique_ptr<antlr4::Token> nextToken() override {
    std::unique_ptr<antlr4::Token> token = antlr4::Lexer::nextToken();
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      after_matches_ = token->getType() == MATCHES;
    }
    return token;
  }
}

// Keywords that open a declaration or a clause.
POLICY: 'policy';
MODULE: 'module';
VERSION: 'version';
OWNER: 'owner';
TIMEZONE: 'timezone';
EFFECTIVE: 'effective';
USE: 'use';
AS: 'as';
LEAD: 'lead';
EVENTS: 'events';
ENUM: 'enum';
CALENDAR: 'calendar';
OPEN: 'open';
CLOSED: 'closed';
HOLIDAYS: 'holidays';
OBSERVED: 'observed';
FROM: 'from';
OF: 'of';
SCORE: 'score';
DECAY: 'decay';
HALF_LIFE: 'half_life';
CAPPED: 'capped';
SEGMENT: 'segment';
LET: 'let';
WHEN: 'when';
STAGES: 'stages';
STAGE: 'stage';
SLA: 'sla';
STARTS: 'starts';
ENTERING: 'entering';
MET: 'met';
BY: 'by';
TARGET: 'target';
WITHIN: 'within';
BUSINESS: 'business';
SAME: 'same';
NEXT: 'next';
DAY: 'day';
EVERY: 'every';
APPLIES: 'applies';
PAUSE: 'pause';
WHILE: 'while';
ESCALATE: 'escalate';
AT: 'at';
NOTIFY: 'notify';
REASSIGN: 'reassign';
QUEUE: 'queue';
FLAG: 'flag';
BREACH: 'breach';
RELEASE: 'release';
GUARD: 'guard';
REQUIRE: 'require';
ELSE: 'else';
DISPOSITION: 'disposition';
REASON: 'reason';
NOTE: 'note';
REQUIRED: 'required';
COMMITMENT: 'commitment';
ENTERED: 'entered';
BREACHED: 'breached';
TEST: 'test';
EXPECT: 'expect';
AFTER: 'after';
ACTION: 'action';
VIOLATION: 'violation';
OTHERWISE: 'otherwise';
CASE: 'case';

// Keywords of expressions.
AND: 'and';
OR: 'or';
NOT: 'not';
IN: 'in';
LAST: 'last';
ANY: 'any';
EACH: 'each';
COUNT: 'count';
DISTINCT: 'distinct';
SINCE: 'since';
NOW: 'now';
TRUE: 'true';
FALSE: 'false';
MATCHES: 'matches';

// Literals. Longer forms come first where a shorter one is a prefix of them; ANTLR
// picks the longest match in any case, so `2026-03-06` is a date, never `2026 - 3 - 6`.
INSTANT: DIGIT4 '-' DIGIT2 '-' DIGIT2 'T' DIGIT2 ':' DIGIT2 (':' DIGIT2 ('.' DIGIT+)?)?
    ('Z' | [+-] DIGIT2 ':' DIGIT2)?;
DATE: DIGIT4 '-' DIGIT2 '-' DIGIT2;
TIME_OF_DAY: DIGIT DIGIT? ':' DIGIT2 (':' DIGIT2)?;
SEMVER: DIGIT+ '.' DIGIT+ '.' DIGIT+ ('-' [0-9A-Za-z.-]+)? ('+' [0-9A-Za-z.-]+)?;
DURATION: DIGIT+ ('ms' | 's' | 'm' | 'h' | 'd' | 'w');
// Before BAD_UNIT, which would match `1.5e6` at the same length.
NUMBER: DIGIT+ '.' DIGIT+ ([eE] [+-]? DIGIT+)? | DIGIT+ [eE] [+-]? DIGIT+;
// A number glued to letters that are not a unit (`5min`, `3days`): one token, so the
// parser can reject it as a whole instead of reading `5m` followed by `in`.
BAD_UNIT: DIGIT+ ('.' DIGIT+)? [a-zA-Z_] [a-zA-Z_0-9]*;
PERCENT: DIGIT+ ('.' DIGIT+)? '%';
INT: DIGIT+;
STRING: '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';
UNTERMINATED_STRING: '"' (~["\\\r\n] | '\\' ~[\r\n])* ('\\')?;

// A regular expression, only right after `matches`.
REGEX: '/' (~[/\\\r\n] | '\\' ~[\r\n])* '/' [a-zA-Z]* {after_matches_}?;
UNTERMINATED_REGEX: '/' (~[/\\\r\n] | '\\' ~[\r\n])* ('\\')? {after_matches_}?;

IDENT: [a-zA-Z_] [a-zA-Z_0-9]*;

// Punctuation.
ARROW: '->';
FAT_ARROW: '=>';
DOTDOT: '..';
DOT: '.';
COMMA: ',';
COLON: ':';
SEMI: ';';
LPAREN: '(';
RPAREN: ')';
LBRACE: '{';
RBRACE: '}';
EQ: '==';
NE: '!=';
LE: '<=';
GE: '>=';
LT: '<';
GT: '>';
ASSIGN: '=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
QUESTION: '?';

COMMENT: '#' ~[\r\n]* -> channel(HIDDEN);
WS: [ \t\r\n\f]+ -> channel(HIDDEN);

// Any other character is passed to the parser as one token, which reports it with its
// position instead of letting the lexer print to the console.
UNKNOWN_CHAR: .;

fragment DIGIT: [0-9];
fragment DIGIT2: DIGIT DIGIT;
fragment DIGIT4: DIGIT DIGIT DIGIT DIGIT;
