// Package mt5 imports MetaTrader 5 results into passframes datasets, so that
// analyze and plot work on them as on any run that collect made: the
// optimization cache (Tester/cache/*.opt), the single-test report (HTML in
// UTF-16LE, or its .xlsx export), the optimization export (SpreadsheetML
// .xml and the .forward.xml beside it) and .mqd frame files in the layout
// of the MQL5 article «Visual evaluation of optimization results» (article
// 9922). It also writes a pass back as a .set file a trader loads into MT5.
//
// Import detects each file's kind by content, parses and validates every
// input before it writes anything, and writes one run directory per input
// (a back XML and its forward XML make one run). Frames from caches and XML
// exports have no balance/equity points: they are stored with empty point
// lists, and the criteria that need points are unavailable for them.
//
// A report is read by its layout, which is the same in every terminal
// language; only its result labels go through label tables (labels.go:
// English and Japanese). It gives the deals and the printed results, not
// the bars: the statistics defined by closed trades are rebuilt from the
// deals with stats.Calculator, the ones MetaTrader computes from the equity
// at every bar (equity drawdowns, recovery factor, Sharpe ratio, margin
// level) are stored as printed, and run.json records each one's provenance
// and the statistics MetaTrader prints beyond the 41 (provenance.go).
// docs/mt5.md describes all of it for users.
//
// The binary layouts (.opt after MetaQuotes' OptReader.mqh in the MQL5 book,
// .mqd after the article above) are read defensively: every count is
// checked against the bytes that remain, and a file that does not fit is
// rejected with the byte offset of the first field that does not.
package mt5
