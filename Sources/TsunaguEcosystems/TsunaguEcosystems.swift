// The TsunaguEcosystems module; see DESIGN.md.
