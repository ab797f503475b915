// The TsunaguSchema module; see DESIGN.md.
