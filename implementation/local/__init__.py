"""Local adaptation: regions and municipalities add what is true here beside the national
text. `source` fills the content side's extension point (`programmes.local`)."""
