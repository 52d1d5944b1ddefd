// Command collect runs an expert over bar data for many parameter sets,
// driven by an optimizer, on a back and a forward period, and stores every
// pass as frames in a Parquet dataset (see README.md).
package main

import (
	"github.com/urfave/cli/v2"

	"github.com/passframes/passframes/internal/cliutil"
)

func main() { cliutil.Main("collect", newApp()) }

func newApp() *cli.App {
	return &cli.App{
		Name:  "collect",
		Usage: "run an expert over many parameter sets and store every pass as frames in a Parquet dataset",
		UsageText: "collect [flags]                      (no flags: a demonstration grid of MovingAverage on the bundled sample)\n" +
			"collect --expert SmaCross --param Fast=5:50:5 --param Slow=10:200:10 --constraint 'Fast < Slow'\n" +
			"collect resume RUN_DIR               (continue a run from its run.json)\n" +
			"collect experts                      (the built-in experts and their inputs)\n" +
			"collect teststand [--stand seed|current] [--optimizer NAME|all]\n" +
			"collect import PATH... [--out runs]  (MetaTrader 5 .opt, report .html/.xlsx, .xml, .mqd)\n" +
			"collect --queue nats://HOST:PORT ... (the passes run on 'collect worker' processes)\n" +
			"collect worker nats://HOST:PORT      (evaluate passes of queued runs)",
		Version:         cliutil.Version,
		HideHelpCommand: true,
		Flags:           runFlags(),
		Action:          runCollect,
		Commands: []*cli.Command{
			expertsCommand(),
			resumeCommand(),
			teststandCommand(),
			importCommand(),
			walkforwardCommand(),
			workerCommand(),
		},
	}
}
