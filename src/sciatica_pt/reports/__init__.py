"""Renderings of the program for people and other programs: exercise drawings (SVG), PDF
handouts and progress reports, calendar files. Adapters only: the clinical decisions are made in
`sciatica_pt.core`; this package draws and formats them."""
