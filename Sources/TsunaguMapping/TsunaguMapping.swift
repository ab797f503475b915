// The TsunaguMapping module; see DESIGN.md.
