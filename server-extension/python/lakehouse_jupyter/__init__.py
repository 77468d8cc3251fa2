"""Jupyter-side pieces of the Lakehouse Java kernel.

Keep this module free of heavy imports: papermill imports ``lakehouse_jupyter.papermill_java``
(and so this package) every time it starts.
"""
