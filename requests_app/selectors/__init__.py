"""Every read of the portal, scoped to the user asking: one module per concern.

Selectors never write and never import services; a page's selector costs a fixed number of
queries whatever the number of rows (`select_related`, `prefetch_related`, or values).
"""
