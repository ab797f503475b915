// The TsunaguGateway module; see DESIGN.md.
