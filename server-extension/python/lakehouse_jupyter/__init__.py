"""Jupyter-side pieces of the Lakehouse Java kernel: the papermill translator for Java and the
jupyter_server extension (jobs service under /lakehouse/, jobs dashboard).

Keep this module free of heavy imports: papermill imports ``lakehouse_jupyter.papermill_java``
(and so this package) every time it starts.
"""


def _jupyter_server_extension_points():
    from .app import LakehouseJobsApp

    return [{"module": "lakehouse_jupyter.app", "app": LakehouseJobsApp}]
