// Package charts draws the plot stage's pictures and writes its files: one
// PNG chart per pass (RenderPass: the balance and equity curves on a dated
// axis, in the style of the MetaTrader 5 CGraphic screenshots of the MQL5
// article "Visual evaluation of optimization results", with the criteria
// beside the plot, an underwater panel and the deals; its text block from
// FormatText), overview
// charts of a whole run (RenderScatter: criterion against forward profit, one
// panel per criterion; RenderHeatmap: an objective over two inputs on a
// palette centred on zero; RenderLines: the optimizer's convergence;
// RenderSensitivity: measures against each input), the chart and folder names
// (BestName, AllName, FolderName), the interactive run page (WriteRunPage),
// and atomic file writing for all of them (WriteFileAtomic).
//
// Inputs are plain slices and strings: the package knows nothing of frames or
// criteria beyond the names and values it is handed.
//
// Numbers are printed so that a chart, a file name or the page never shows
// NaN or a 309-digit number: MT5's DBL_MAX (stats.MaxFloat, e.g. the profit
// factor of a pass with no loss) prints as "inf", other magnitudes from 1e12
// in e-notation, and NaN as 0 (see FormatValue and AllName).
//
// Pictures are drawn with gonum.org/v1/plot at one pixel per point, so that
// every length in the code is in pixels, and encoded by a small PNG writer
// tuned for charts (see pngenc.go). docs/plot.md describes every chart.
package charts
