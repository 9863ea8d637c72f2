"""Layer 1, one article: read → clean → parse → actors → quotes → events →
when/where, one module per stage. `pipeline` assembles them."""
