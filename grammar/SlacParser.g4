// Syntax of the slac policy language.
//
// One file is a policy (or a module of shared definitions, or a file of tests) followed
// by declarations in any order. The grammar accepts a superset of valid policies: names,
// types, units and where each form may appear are checked by semantic analysis, which
// gives better messages than a parse error could. Alternatives are labelled so that the
// AST builder gets one context class per form.

parser grammar SlacParser;

options {
  tokenVocab = SlacLexer;
}

policyFile: header? declaration* EOF;

header
  : POLICY qualifiedName VERSION versionLiteral headerItem*  # policyHeader
  | MODULE qualifiedName                                     # moduleHeader
  ;

versionLiteral: SEMVER | NUMBER | INT | STRING;

headerItem
  : OWNER STRING        # ownerItem
  | TIMEZONE STRING     # timezoneItem
  | EFFECTIVE DATE      # effectiveItem
  ;

declaration
  : useDecl
  | leadDecl
  | eventsDecl
  | calendarDecl
  | holidaysDecl
  | scoreDecl
  | segmentDecl
  | letDecl
  | stagesDecl
  | stageRuleDecl
  | slaDecl
  | guardDecl
  | dispositionDecl
  | commitmentDecl
  | testDecl
  ;

useDecl
  : USE qualifiedName (AS name)?   # useModule
  | USE STRING (AS name)?          # useFile
  ;

// ---- Schemas -------------------------------------------------------------------------

leadDecl: LEAD LBRACE fieldDecl* RBRACE;

fieldDecl: name COLON typeRef COMMA?;

typeRef
  : ENUM LPAREN name (COMMA name)* COMMA? RPAREN QUESTION?   # enumType
  | name (LPAREN typeRef RPAREN)? QUESTION?                  # namedType
  ;

eventsDecl: EVENTS LBRACE eventKindDecl* RBRACE;

eventKindDecl: name (LPAREN fieldDecl* RPAREN)? COMMA?;

// ---- Calendars and holidays ----------------------------------------------------------

calendarDecl: CALENDAR name LBRACE calendarItem* RBRACE;

calendarItem
  : OPEN dayRange (COMMA dayRange)* hoursRange (COMMA hoursRange)*   # openItem
  | CLOSED closedItem (COMMA closedItem)*                             # closedItems
  | TIMEZONE STRING                                                   # calendarTimezone
  ;

dayRange: name (DOTDOT name)?;

hoursRange: TIME_OF_DAY MINUS TIME_OF_DAY;

closedItem
  : DATE (DOTDOT DATE)?   # closedDates
  | qualifiedName         # closedHolidays
  ;

holidaysDecl: HOLIDAYS name STRING? LBRACE holiday* RBRACE;

holiday: STRING COLON holidayRule holidayOption*;

holidayRule
  : name INT                             # fixedDayRule
  | (name | LAST) name OF name ((PLUS | MINUS) DURATION)?   # nthWeekdayRule
  | name ((PLUS | MINUS) DURATION)?      # movableRule
  | DATE                                 # oneOffRule
  ;

holidayOption
  : OBSERVED name?   # observedOption
  | FROM INT         # fromYearOption
  ;

// ---- Scoring and naming --------------------------------------------------------------

scoreDecl
  : SCORE name STRING? IN signedNumber DOTDOT signedNumber LBRACE scoreItem* RBRACE
  ;

scoreItem
  : DECAY HALF_LIFE durationTerm                                     # decayItem
  | (STRING COLON?)? expr FAT_ARROW signedNumber (CAPPED signedNumber)?   # scoreRule
  ;

signedNumber: (PLUS | MINUS)? (INT | NUMBER);

segmentDecl: SEGMENT name STRING? WHEN expr;

letDecl: LET name (LPAREN param (COMMA param)* RPAREN)? (COLON typeRef)? ASSIGN expr;

param: name COLON typeRef;

// ---- Stages --------------------------------------------------------------------------

stagesDecl: STAGES LBRACE stageChain* RBRACE;

stageChain: name (ARROW name)* COMMA?;

stageRuleDecl: STAGE name WHEN expr;

// ---- Service levels ------------------------------------------------------------------

slaDecl: SLA name STRING? LBRACE slaItem* RBRACE;

slaItem
  : STARTS slaTrigger (COMMA slaTrigger)*           # startsItem
  | MET BY slaTrigger (COMMA slaTrigger)*           # metByItem
  | TARGET LBRACE tier* RBRACE                      # tieredTargetItem
  | TARGET targetSpec                               # targetItem
  | APPLIES WHEN expr                               # appliesItem
  | PAUSE WHILE expr                                # pauseItem
  | EVERY expr                                      # everyItem
  | ESCALATE LBRACE escalation* RBRACE              # escalateItem
  ;

slaTrigger
  : ENTERING name    # enteringTrigger
  | eventPattern     # eventTrigger
  ;

// A tier is named by a segment or a let. Allowing any expression here would make the
// grammar ambiguous (`5m - x: 1h`) and prediction quadratic in the length of a target.
tier
  : OTHERWISE COLON targetSpec       # otherwiseTier
  | qualifiedName COLON targetSpec   # conditionTier
  ;

targetSpec
  : touchStep (COMMA touchStep)*   # touchSequence
  | simpleTarget                   # singleTarget
  ;

touchStep: name INT WITHIN? simpleTarget;

simpleTarget
  : SAME BUSINESS DAY name?   # sameBusinessDay
  | NEXT BUSINESS DAY name?   # nextBusinessDay
  | expr                      # durationTarget
  ;

escalation: AT expr COLON action (COMMA action)*;

action
  : NOTIFY name                # notifyAction
  | REASSIGN QUEUE? STRING     # reassignAction
  | FLAG STRING                # flagAction
  | BREACH                     # breachAction
  | RELEASE name               # releaseAction
  ;

// ---- Guards, dispositions, commitments -----------------------------------------------

guardDecl: GUARD name ARROW name LBRACE guardRequirement* RBRACE;

guardRequirement: REQUIRE expr ELSE STRING;

dispositionDecl: DISPOSITION name (COMMA name)* LBRACE dispositionItem* RBRACE;

dispositionItem
  : REASON IN setLiteral              # reasonItem
  | NOTE REQUIRED (WHEN expr)?        # noteItem
  ;

commitmentDecl: COMMITMENT name name LBRACE commitmentItem* RBRACE;

commitmentItem: metric comparisonOp expr;

metric
  : ENTERED name                                       # enteredMetric
  | MET name                                           # metMetric
  | BREACHED name                                      # breachedMetric
  | name LPAREN metric (COMMA metric)* RPAREN          # functionMetric
  ;

comparisonOp: EQ | NE | LT | LE | GT | GE;

// ---- Tests ---------------------------------------------------------------------------

testDecl: TEST STRING LBRACE testStep* afterStep* RBRACE;

testStep
  : AT expr                             # atStep
  | LEAD LBRACE fieldValue* RBRACE      # leadStep
  | EVENTS LBRACE eventValue* RBRACE    # eventsStep
  | EXPECT expectation                  # expectStep
  ;

afterStep: AFTER expr COLON testStep*;

fieldValue: name COLON expr COMMA?;

eventValue: eventPattern AT expr (COMMA expr)* SEMI?;

expectation
  : NOT? ACTION action        # expectAction
  | NOT? VIOLATION STRING?    # expectViolation
  | expr                      # expectCondition
  ;

// ---- Expressions ---------------------------------------------------------------------

// Earlier alternatives bind tighter.
expr
  : primary                                        # primaryExpr
  | expr BUSINESS name?                            # businessExpr
  | expr (BREACHED | MET)                          # slaStateExpr
  | (MINUS | PLUS) expr                            # signExpr
  | expr (STAR | SLASH) expr                       # multiplicativeExpr
  | expr (PLUS | MINUS) expr                       # additiveExpr
  | expr comparisonOp expr                         # comparisonExpr
  | expr NOT? IN expr                              # inExpr
  | expr MATCHES regexLiteral                      # matchesExpr
  | NOT expr                                       # notExpr
  | expr AND expr                                  # andExpr
  | expr OR expr                                   # orExpr
  ;

regexLiteral: REGEX | UNTERMINATED_REGEX;

primary
  : literal                                        # literalPrimary
  | NOW                                            # nowPrimary
  | LPAREN expr RPAREN                             # parenPrimary
  | setLiteral                                     # setPrimary
  | qualifiedName LPAREN (expr (COMMA expr)*)? RPAREN   # callPrimary
  | qualifiedName                                  # namePrimary
  | ANY eventPattern window?                       # anyPrimary
  | EACH eventPattern window?                      # eachPrimary
  | COUNT eventPattern window?                     # countPrimary
  | DISTINCT name OF eventPattern window?          # distinctPrimary
  | SINCE eventPattern                             # sincePrimary
  | CASE LBRACE (caseArm (COMMA caseArm)* COMMA?)? RBRACE   # casePrimary
  ;

setLiteral: LBRACE (expr (COMMA expr)* COMMA?)? RBRACE;

// Arms are separated by commas: without them `1 -x => 2` could end one arm or continue it.
caseArm
  : OTHERWISE FAT_ARROW expr     # otherwiseArm
  | expr FAT_ARROW expr          # conditionArm
  ;

eventPattern: name (LPAREN attributeFilter (COMMA attributeFilter)* RPAREN)?;

attributeFilter: name COLON expr;

// A window length is a single term, so `count touch in last 14d >= 6` compares the count.
window: IN LAST durationTerm;

durationTerm: DURATION | BAD_UNIT | name;

literal
  : INT
  | NUMBER
  | PERCENT
  | DURATION
  | BAD_UNIT
  | STRING
  | UNTERMINATED_STRING
  | TRUE
  | FALSE
  | DATE
  | INSTANT
  | TIME_OF_DAY
  ;

qualifiedName: name (DOT name)*;

// Keywords that only open a clause may also be used as names: a lead may well have a
// field called `owner`, `source` or `note`, and a stage may be called `open`.
name
  : IDENT
  | OWNER | TIMEZONE | EFFECTIVE | VERSION | OPEN | CLOSED | OBSERVED | SCORE | DECAY
  | CAPPED | SEGMENT | STAGE | STAGES | TARGET | SAME | NEXT | DAY | EVERY | APPLIES
  | PAUSE | NOTIFY | REASSIGN | QUEUE | FLAG | BREACH | RELEASE | REASON | NOTE
  | REQUIRED | ACTION | VIOLATION | HALF_LIFE | MODULE | HOLIDAYS | CALENDAR | ENUM
  ;
