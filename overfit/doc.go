// Package overfit measures how likely a criterion's chosen pass is a fluke.
//
// It builds a returns matrix from the passes' balance points (each pass's
// balance carried forward onto a common time grid, one column of returns per
// pass), and then:
//
//   - runs combinatorially symmetric cross-validation (CSCV) over S blocks of
//     that grid for every criterion that can be computed from a curve: the
//     Probability of Backtest Overfitting (PBO), the distribution of the
//     logits of the chosen pass's out-of-sample rank, the degradation of its
//     performance out of sample (the slope of OOS on IS) and the probability
//     that it loses money out of sample (Bailey, Borwein, López de Prado and
//     Zhu, "The Probability of Backtest Overfitting", 2015);
//   - computes, for each criterion's best pass, the Probabilistic Sharpe
//     Ratio and the minimum track record length (Bailey and López de Prado,
//     "The Sharpe Ratio Efficient Frontier", 2012) and the Deflated Sharpe
//     Ratio (Bailey and López de Prado, "The Deflated Sharpe Ratio", 2014).
//
// CSCV works on per-block summaries (sums, sums of squares, the moments the
// regression line needs, drawdown), so that a split costs O(S) per pass and
// not O(T). docs/overfit.md gives every formula.
//
// Nothing this package outputs is NaN or ±Inf: a figure that cannot be
// computed is absent (a nil pointer, null in JSON) and its criterion says why.
package overfit
