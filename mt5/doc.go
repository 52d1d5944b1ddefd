// Package mt5 imports MetaTrader 5 results into passframes datasets, so that
// analyze and plot work on them as on any run that collect made: the
// optimization cache (Tester/cache/*.opt), the single-test report (HTML in
// UTF-16LE, or its .xlsx export), the optimization export (SpreadsheetML
// .xml and the .forward.xml beside it) and .mqd frame files in seed 002's
// layout. It also writes a pass back as a .set file a trader loads into MT5.
//
// Import detects each file's kind by content, parses and validates every
// input before it writes anything, and writes one run directory per input
// (a back XML and its forward XML make one run). Frames from caches and XML
// exports have no balance/equity points: they are stored with empty point
// lists, and the criteria that need points are unavailable for them.
//
// A report gives the deals, not the equity curve or the bars: the importer
// rebuilds the balance points and the 41 statistics from the deals with
// stats.Calculator, keeps the values MT5 printed in reported.json, and
// CompareReported lists where the two differ. What cannot be reproduced
// without bars (the equity curve, the Sharpe ratio, the margin level) is
// listed in the notes of the run's import.json (ImportInfo).
//
// The binary layouts (.opt after MetaQuotes' OptReader.mqh in the MQL5 book,
// .mqd after seed 002) are read defensively: every count is checked against
// the bytes that remain, and a file that does not fit is rejected with the
// byte offset of the first field that does not.
package mt5
