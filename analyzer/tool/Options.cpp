//===- tool/Options.cpp - The lockcheck command line's options ------------===//
//
// Defines the subcommands and options Options.h declares. They stay in this
// one file: llvm::cl registers them in the order they are constructed, which
// is the order --help lists them in, and a SubCommand or the Category must be
// constructed before the options that name it.
//
//===----------------------------------------------------------------------===//
#include "tool/Options.h"

using namespace llvm;

namespace lockcheck::tool::cli {

cl::OptionCategory Category("lockcheck options");
cl::SubCommand CheckCmd("check", "Extract and analyze the TUs of a compile database");
cl::SubCommand ExtractCmd("extract", "Write per-TU facts to a directory");
cl::SubCommand AnalyzeCmd("analyze", "Analyze a directory of facts");
cl::SubCommand PathsCmd("paths", "Show the call paths between two functions and what is held");
cl::SubCommand BaselineCmd("baseline", "Record today's findings, to report only new ones later");
cl::SubCommand InferCmd("infer-contracts",
                        "Infer what is held on entry to each ops-table method, as a rules file");
cl::SubCommand GraphCmd("graph", "Export the call/lock graph of a function as Graphviz DOT");
cl::SubCommand PatchCmd("patch", "What a patch or a series does to the findings");

cl::opt<std::string> BuildDir("p", cl::desc("Build directory holding compile_commands.json"),
                              cl::value_desc("BUILD_DIR"), cl::sub(CheckCmd),
                              cl::sub(ExtractCmd), cl::sub(PathsCmd), cl::sub(BaselineCmd),
                              cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                              cl::cat(Category));
cl::list<std::string> FactsDirs("facts",
                                cl::desc("Directory of per-TU facts (analyze, paths, baseline, "
                                         "graph: repeat it for the folders of several shards)"),
                                cl::value_desc("DIR"), cl::sub(ExtractCmd), cl::sub(AnalyzeCmd),
                                cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                                cl::sub(InferCmd), cl::cat(Category));
cl::opt<std::string> Shard("shard",
                           cl::desc("Extract only shard I of N of the selected TUs, and write "
                                    "its manifest (one CI job of N)"),
                           cl::value_desc("I/N"), cl::sub(ExtractCmd), cl::cat(Category));
cl::opt<OutputFormat> Format("format", cl::desc("Output format"),
                             cl::values(clEnumValN(OutputFormat::Text, "text", "clang-style text"),
                                        clEnumValN(OutputFormat::Json, "json", "JSON"),
                                        clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
                                        clEnumValN(OutputFormat::Html, "html",
                                                   "HTML pages in the folder -o DIR")),
                             cl::init(OutputFormat::Text), cl::sub(CheckCmd),
                             cl::sub(AnalyzeCmd), cl::cat(Category));
cl::opt<std::string> OutputFile("o",
                                cl::desc("Write the report (baseline: the baseline; graph: the "
                                         "graph) to FILE; --format html: to the folder DIR"),
                                cl::value_desc("FILE"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                cl::sub(BaselineCmd), cl::sub(GraphCmd), cl::sub(InferCmd),
    cl::cat(Category));
cl::opt<std::string> BaselineFile("baseline",
                                  cl::desc("Report only the findings this baseline lacks"),
                                  cl::value_desc("FILE"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                  cl::cat(Category));
cl::list<std::string> SuppressionFiles("suppressions",
                                       cl::desc("YAML file of suppressed findings, with reasons"),
                                       cl::value_desc("FILE"), cl::sub(CheckCmd),
                                       cl::sub(AnalyzeCmd), cl::cat(Category));
cl::opt<bool> ShowSuppressed("show-suppressed", cl::desc("List suppressed findings too"),
                             cl::sub(CheckCmd), cl::sub(AnalyzeCmd), cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Parallel extraction jobs (default: all cores)"),
                       cl::init(0), cl::Prefix, cl::sub(CheckCmd), cl::sub(ExtractCmd),
                       cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                       cl::sub(InferCmd), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<unsigned> TUTimeout("tu-timeout",
                            cl::desc("Fail a TU still parsing after this many seconds "
                                     "(default 0: no limit)"),
                            cl::value_desc("SECONDS"), cl::init(0), cl::sub(CheckCmd),
                            cl::sub(ExtractCmd), cl::sub(PathsCmd), cl::sub(BaselineCmd),
                            cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                            cl::cat(Category));
cl::opt<std::string> FromFunction("from", cl::desc("Function the paths start from"),
                                  cl::value_desc("FUNC"), cl::sub(PathsCmd), cl::sub(GraphCmd),
                                  cl::cat(Category));
cl::opt<std::string> ToFunction("to", cl::desc("Function the paths end in"),
                                cl::value_desc("FUNC"), cl::sub(PathsCmd), cl::sub(GraphCmd),
                                cl::cat(Category));
cl::opt<unsigned> MaxPaths("max-paths", cl::desc("Most paths to show (default 10)"), cl::init(10),
                           cl::sub(PathsCmd), cl::cat(Category));
cl::list<std::string> PathsPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(PathsCmd));
cl::list<std::string> InferPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(InferCmd));
cl::opt<GraphFormat> GraphOutputFormat("format", cl::desc("Graph format"),
                                       cl::values(clEnumValN(GraphFormat::Dot, "dot",
                                                             "Graphviz DOT")),
                                       cl::init(GraphFormat::Dot), cl::sub(GraphCmd),
                                       cl::cat(Category));
cl::list<std::string> GraphPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(GraphCmd));
cl::opt<std::string> AnnotationsDir("annotations",
                                    cl::desc("Annotation file or directory (default: shipped)"),
                                    cl::value_desc("PATH"), cl::sub(CheckCmd),
                                    cl::sub(AnalyzeCmd), cl::sub(PathsCmd), cl::sub(BaselineCmd),
                                    cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                                    cl::cat(Category));
cl::opt<std::string> RulesPath("rules",
                               cl::desc("Rules file or directory (default: shipped rules/)"),
                               cl::value_desc("FILE|DIR"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                               cl::sub(BaselineCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                               cl::cat(Category));
cl::list<std::string> EnableRules("enable", cl::desc("Turn a rule on by id"),
                                  cl::value_desc("ID"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                  cl::sub(BaselineCmd), cl::cat(Category));
cl::list<std::string> DisableRules("disable", cl::desc("Turn a rule off by id"),
                                   cl::value_desc("ID"), cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                   cl::sub(BaselineCmd), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Print neither progress nor summary"), cl::sub(CheckCmd),
                    cl::sub(ExtractCmd), cl::sub(AnalyzeCmd), cl::sub(BaselineCmd),
                    cl::sub(PathsCmd), cl::sub(GraphCmd), cl::sub(InferCmd), cl::sub(PatchCmd),
                    cl::cat(Category));
cl::list<std::string> CheckPaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(CheckCmd));
cl::list<std::string> BaselinePaths(cl::Positional, cl::desc("[PATH...]"), cl::sub(BaselineCmd));
cl::list<std::string> ExtractArgs(cl::Positional, cl::desc("[PATH...] | -- COMPILER-ARGS..."),
                                  cl::sub(ExtractCmd));
cl::opt<std::string> CacheDir("cache-dir",
                              cl::desc("Facts cache folder (default with -p: "
                                       "BUILD_DIR/.lockcheck-cache; without -p: none)"),
                              cl::value_desc("DIR"), cl::sub(CheckCmd), cl::sub(ExtractCmd),
                              cl::sub(PathsCmd), cl::sub(BaselineCmd), cl::sub(GraphCmd),
                              cl::sub(InferCmd), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Parse every TU; neither read nor write the cache"),
                      cl::sub(CheckCmd), cl::sub(ExtractCmd), cl::sub(PathsCmd),
                      cl::sub(BaselineCmd), cl::sub(GraphCmd), cl::sub(InferCmd),
                      cl::sub(PatchCmd), cl::cat(Category));
cl::list<std::string> PatchInputs(cl::Positional, cl::desc("[PATCH...|-]"), cl::sub(PatchCmd));
cl::opt<std::string> PatchBase("base", cl::desc("Compare HEAD with REV instead of reading patches"),
                               cl::value_desc("REV"), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<tool::PatchModeOptions::Format> PatchFormat(
    "format", cl::desc("Output format"),
    cl::values(clEnumValN(tool::PatchModeOptions::Format::Text, "text", "checkpatch-like text"),
               clEnumValN(tool::PatchModeOptions::Format::Json, "json", "JSON"),
               clEnumValN(tool::PatchModeOptions::Format::Patchwork, "patchwork",
                          "patchwork checks API object")),
    cl::init(tool::PatchModeOptions::Format::Text), cl::sub(PatchCmd), cl::cat(Category));
cl::opt<bool> PatchTerse("terse", cl::desc("One line per finding, as checkpatch --terse"),
                         cl::sub(PatchCmd), cl::cat(Category));
cl::opt<bool> PatchAnnotate("annotate", cl::desc("Print the patch with notes under its hunks"),
                            cl::sub(PatchCmd), cl::cat(Category));
cl::opt<std::string> PatchTargetUrl("target-url", cl::desc("patchwork check's target_url"),
                                    cl::value_desc("URL"), cl::sub(PatchCmd), cl::cat(Category));
cl::list<std::string> EnabledCheckers("checkers",
                                      cl::desc("Run these checkers (default: those on by default, "
                                               "see --list-checkers)"),
                                      cl::value_desc("NAME,..."), cl::CommaSeparated,
                                      cl::sub(CheckCmd), cl::sub(AnalyzeCmd),
                                      cl::sub(BaselineCmd), cl::cat(Category));
cl::opt<bool> ListCheckers("list-checkers", cl::desc("List the checkers and exit"),
                           cl::cat(Category));

} // namespace lockcheck::tool::cli
