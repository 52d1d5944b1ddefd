// Package charts draws the plot stage's pictures and writes its files: one
// PNG chart per pass in the style of the MT5 CGraphic screenshots of seed 002
// (RenderPass, with its text block from FormatText), overview charts of a
// whole run (RenderScatter: criterion against forward profit, one panel per
// criterion; RenderHeatmap: an objective over two parameters), the chart file
// and folder names (BestName, AllName, FolderName), a static index page
// (WriteIndex), and atomic file writing for all of them (WriteFileAtomic).
//
// Inputs are plain slices and strings: the package knows nothing of frames or
// criteria beyond the names and values it is handed.
//
// Numbers are printed so that a chart, a file name or the index never shows
// NaN or a 309-digit number: MT5's DBL_MAX (stats.MaxFloat, e.g. the profit
// factor of a pass with no loss) prints as "inf", other magnitudes from 1e12
// in e-notation, and NaN as 0 (see FormatValue and AllName).
//
// Pictures are drawn with gonum.org/v1/plot at one pixel per point, so that
// every length in the code is in pixels, and encoded by a small PNG writer
// tuned for charts (see pngenc.go).
package charts
