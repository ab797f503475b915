// The TsunaguStore module; see DESIGN.md.
