"""Pure text helpers beside the extraction package: no Django, text in, text out."""
