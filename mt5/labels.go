package mt5

import (
	"strings"
)

// MetaTrader writes a report's result labels in the terminal's language.
// The importer finds the tables by their layout (see reportlayout.go) and
// reads each result through these tables: a printed label maps to the
// English label MetaTrader prints in an English terminal, which the rest of
// the importer keys on. A label no table knows is not guessed: its value is
// not used and the run carries a warning that names it. docs/mt5.md cites
// where each table comes from.

// englishLabels are the result labels of an English terminal (MetaTrader 5
// builds 5746 to 6104 print them so).
var englishLabels = []string{
	"History Quality", "Bars", "Ticks", "Symbols",
	"Total Net Profit", "Balance Drawdown Absolute", "Equity Drawdown Absolute",
	"Gross Profit", "Balance Drawdown Maximal", "Equity Drawdown Maximal",
	"Gross Loss", "Balance Drawdown Relative", "Equity Drawdown Relative",
	"Profit Factor", "Expected Payoff", "Margin Level",
	"Recovery Factor", "Sharpe Ratio", "Z-Score",
	"AHPR", "LR Correlation", "OnTester result",
	"GHPR", "LR Standard Error",
	"Total Trades", "Short Trades (won %)", "Long Trades (won %)",
	"Total Deals", "Profit Trades (% of total)", "Loss Trades (% of total)",
	"Largest profit trade", "Largest loss trade",
	"Average profit trade", "Average loss trade",
	"Maximum consecutive wins ($)", "Maximum consecutive losses ($)",
	"Maximal consecutive profit (count)", "Maximal consecutive loss (count)",
	"Average consecutive wins", "Average consecutive losses",
	"Correlation (Profits,MFE)", "Correlation (Profits,MAE)", "Correlation (MFE,MAE)",
	"Minimal position holding time", "Maximal position holding time", "Average position holding time",
}

// japaneseLabels are the labels of a terminal set to Japanese, as the real
// report of MetaTrader 5 build 5746 prints them (docs/mt5.md). Z-Score,
// AHPR, GHPR, the LR lines and the correlations stay in English there.
// "平均 連勝利益額 (数)" is, word for word, "average consecutive profit
// (count)", but it stands where the average number of consecutive wins
// stands and prints a whole number: it is that statistic.
var japaneseLabels = map[string]string{
	"ヒストリー品質":       "History Quality",
	"バー":            "Bars",
	"ティック":          "Ticks",
	"銘柄":            "Symbols",
	"総損益":           "Total Net Profit",
	"残高絶対ドローダウン":    "Balance Drawdown Absolute",
	"証拠金絶対ドローダウン":   "Equity Drawdown Absolute",
	"総利益":           "Gross Profit",
	"残高最大ドローダウン":    "Balance Drawdown Maximal",
	"証拠金最大ドローダウン":   "Equity Drawdown Maximal",
	"総損失":           "Gross Loss",
	"残高相対ドローダウン":    "Balance Drawdown Relative",
	"証拠金相対ドローダウン":   "Equity Drawdown Relative",
	"プロフィットファクター":   "Profit Factor",
	"期待利得":          "Expected Payoff",
	"証拠金維持率":        "Margin Level",
	"リカバリファクター":     "Recovery Factor",
	"シャープレシオ":       "Sharpe Ratio",
	"OnTester 結果":   "OnTester result",
	"取引数":           "Total Trades",
	"ショート (勝率 %)":   "Short Trades (won %)",
	"ロング (勝率 %)":    "Long Trades (won %)",
	"約定数":           "Total Deals",
	"勝ちトレード (勝率 %)": "Profit Trades (% of total)",
	"負けトレード (負率 %)": "Loss Trades (% of total)",
	"最大 勝ちトレード":     "Largest profit trade",
	"最大 負けトレード":     "Largest loss trade",
	"平均 勝ちトレード":     "Average profit trade",
	"平均 負けトレード":     "Average loss trade",
	"最大 連勝数 (金額)":   "Maximum consecutive wins ($)",
	"最大 連敗数 (金額)":   "Maximum consecutive losses ($)",
	"最大 連勝利益額 (数)":  "Maximal consecutive profit (count)",
	"最大 連敗損失額 (数)":  "Maximal consecutive loss (count)",
	"平均 連勝利益額 (数)":  "Average consecutive wins",
	"平均 連敗数":        "Average consecutive losses",
	"ポジション最短保持時間":   "Minimal position holding time",
	"ポジション最長保持時間":   "Maximal position holding time",
	"ポジション平均保持時間":   "Average position holding time",
}

// spanishLabels are the labels of a terminal set to Spanish, as a Spanish
// user transcribed them from the report of MetaTrader 5 build 4755 (the
// Tokyo Breakers simulations of the Trading_Bots project; docs/mt5.md). The
// transcription gives no label for the holding times and the correlations,
// and one label, "Máximo de pérdidas consecutivas", for two results: see
// ambiguousLabels.
var spanishLabels = map[string]string{
	"Calidad del historial":                 "History Quality",
	"Barras":                                "Bars",
	"Símbolos":                              "Symbols",
	"Beneficio Neto":                        "Total Net Profit",
	"Beneficio Bruto":                       "Gross Profit",
	"Pérdidas Brutas":                       "Gross Loss",
	"Factor de Beneficio":                   "Profit Factor",
	"Beneficio Esperado":                    "Expected Payoff",
	"Factor de Recuperación":                "Recovery Factor",
	"Ratio de Sharpe":                       "Sharpe Ratio",
	"Reducción absoluta del balance":        "Balance Drawdown Absolute",
	"Reducción absoluta de la equidad":      "Equity Drawdown Absolute",
	"Reducción máxima del balance":          "Balance Drawdown Maximal",
	"Reducción máxima de la equidad":        "Equity Drawdown Maximal",
	"Reducción relativa del balance":        "Balance Drawdown Relative",
	"Reducción relativa de la equidad":      "Equity Drawdown Relative",
	"Nivel de margen":                       "Margin Level",
	"Resultado de OnTester":                 "OnTester result",
	"Total de operaciones ejecutadas":       "Total Trades",
	"Total de transacciones":                "Total Deals",
	"Posiciones rentables (% del total)":    "Profit Trades (% of total)",
	"Posiciones no rentables (% del total)": "Loss Trades (% of total)",
	"Posiciones cortas (% rentables)":       "Short Trades (won %)",
	"Posiciones largas (% rentables)":       "Long Trades (won %)",
	"Transacción rentable promedio":         "Average profit trade",
	"Transacción no rentable promedio":      "Average loss trade",
	"Transacción rentable máxima":           "Largest profit trade",
	"Transacción no rentable máxima":        "Largest loss trade",
	"Máximo de ganancias consecutivas":      "Maximum consecutive wins ($)",
	"Máximo de beneficio consecutivo":       "Maximal consecutive profit (count)",
	"Promedio de ganancias consecutivas":    "Average consecutive wins",
	"Promedio de pérdidas consecutivas":     "Average consecutive losses",
}

// ambiguousLabels are printed labels a language uses for two results. The
// two print their pair in opposite orders, a count and an amount: "4
// (-264.87)" is the first, "-264.87 (4)" the second. A value of neither
// shape is not read.
var ambiguousLabels = map[string]struct {
	Language    string
	CountFirst  string // the English label of "count (amount)"
	AmountFirst string // the English label of "amount (count)"
}{
	"Máximo de pérdidas consecutivas": {"Spanish", "Maximum consecutive losses ($)", "Maximal consecutive loss (count)"},
}

// labelTables are the languages the importer reads, by name.
var labelTables = []struct {
	Language string
	Labels   map[string]string // printed label → English label
}{
	{"English", func() map[string]string {
		m := make(map[string]string, len(englishLabels))
		for _, l := range englishLabels {
			m[l] = l
		}
		return m
	}()},
	{"Japanese", japaneseLabels},
	{"Spanish", spanishLabels},
}

// Languages are the terminal languages whose report labels the importer
// reads; a report in another language imports what its layout gives.
func Languages() []string {
	out := make([]string, len(labelTables))
	for i, t := range labelTables {
		out[i] = t.Language
	}
	return out
}

// normLabel is a printed label without its colon (ASCII or full-width) and
// with its white space (no-break spaces included) collapsed to one space.
func normLabel(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, ":"), "：")
	return strings.Join(strings.Fields(s), " ")
}

// isLabel tells whether a cell's text is a label: it ends with a colon.
func isLabel(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) > 1 && (strings.HasSuffix(s, ":") || strings.HasSuffix(s, "："))
}

// englishLabel maps a printed label, with the value printed after it, to
// the English label and the language of the table that knows it ("" when
// none does).
func englishLabel(printed, value string) (english, language string) {
	l := normLabel(printed)
	if a, ok := ambiguousLabels[l]; ok {
		first, second, err := parsePair(value)
		switch {
		case err != nil:
		case first.Decimals == 0 && second.Decimals > 0:
			return a.CountFirst, a.Language
		case first.Decimals > 0 && second.Decimals == 0:
			return a.AmountFirst, a.Language
		}
		return "", ""
	}
	for _, t := range labelTables {
		if e, ok := t.Labels[l]; ok {
			return e, t.Language
		}
	}
	return "", ""
}
