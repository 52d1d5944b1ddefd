package main

import "github.com/passframes/passframes/gallery"

// readDeals reads a run's stored deals for the marks on the pass charts. It
// is the frames package's deals reader once that exists; until then no deals
// are marked.
var readDeals gallery.DealReader
