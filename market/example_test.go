package market_test

import (
	"fmt"
	"strings"

	"github.com/passframes/passframes/market"
)

func ExampleRead() {
	export := "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\r\n" +
		"2024.01.31\t13:00:00\t1.08512\t1.08620\t1.08401\t1.08550\t1520\t0\t7\r\n" +
		"2024.01.31\t14:00:00\t1.08550\t1.08610\t1.08410\t1.08490\t980\t0\t8\r\n"
	s, err := market.Read(strings.NewReader(export), "EURUSD_H1_202401311300_202401311400.csv", market.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Symbol, s.Timeframe, s.Len(), "bars from", s.BarTime(0).Format("2006-01-02 15:04"))
	fmt.Println("spread in points:", s.Spread)
	// Output:
	// EURUSD H1 2 bars from 2024-01-31 13:00
	// spread in points: [7 8]
}

func ExampleRead_badRow() {
	csv := "Date,Open,High,Low,Close\n" +
		"2024-01-31,1.10,1.12,1.09,1.11\n" +
		"2024-02-01,1.11,1.10,1.12,1.11\n"
	_, err := market.Read(strings.NewReader(csv), "eurusd.csv", market.LoadOptions{})
	fmt.Println(err)
	// Output:
	// eurusd.csv: line 3: high 1.1 is below low 1.12
}
