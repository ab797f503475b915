// The TsunaguPolicy module; see DESIGN.md.
