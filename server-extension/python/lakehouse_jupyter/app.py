"""The jupyter_server extension: the jobs service behind /lakehouse/ with Jupyter's login.

Configure with `c.LakehouseJobsApp.<trait>` (jupyter_server_config.py) or the environment variables named
below. Either connects to a configured/running service, or starts one and stops it with the server.
"""
from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from jupyter_server.extension.application import ExtensionApp
from traitlets import Bool, Int, List, Unicode, default

from . import handlers as routes
from .jobs_service import (DEFAULT_CLI_JAR, JobsServiceProcess, ServiceEndpoint, ServiceError, lakehouse_home,
                           read_token, running_service)


class JobsConnection:
    """The service endpoint, available once the service answers. Handlers await `endpoint()`."""

    def __init__(self):
        self._ready: asyncio.Future | None = None
        self.process: JobsServiceProcess | None = None

    def _future(self) -> asyncio.Future:
        if self._ready is None:
            self._ready = asyncio.get_running_loop().create_future()
        return self._ready

    def resolve(self, endpoint: ServiceEndpoint) -> None:
        self._settle(endpoint=endpoint)

    def fail(self, error: ServiceError) -> None:
        self._settle(error=error)

    def _settle(self, endpoint: ServiceEndpoint | None = None, error: ServiceError | None = None) -> None:
        """Requests waiting now, and from now on, get this endpoint (or error); again after a restart."""
        future = self._future()
        if future.done():
            future = self._ready = asyncio.get_running_loop().create_future()
        if error is not None:
            future.set_exception(error)
            future.exception()  # retrieved here, so asyncio does not log it as never retrieved
        else:
            future.set_result(endpoint)

    async def endpoint(self, timeout: float = 120.0) -> ServiceEndpoint:
        try:
            return await asyncio.wait_for(asyncio.shield(self._future()), timeout)
        except asyncio.TimeoutError:
            raise ServiceError("the jobs service is still starting; try again in a moment") from None

    @staticmethod
    async def render(function, *args):
        """Runs a slow rendering function off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(None, function, *args)


# A service we started that dies is started again, at most this often: a scheduled run must not be lost
# because the JVM crashed once, but a service that cannot start must not be restarted forever.
MAX_RESTARTS, RESTART_WINDOW_SECONDS, WATCH_INTERVAL_SECONDS = 5, 600.0, 1.0


class LakehouseJobsApp(ExtensionApp):
    name = "lakehouse"
    description = "Lakehouse jobs service and dashboard under /lakehouse/"
    load_other_extensions = True

    jobs_url = Unicode(os.environ.get("LAKEHOUSE_JOBS_URL", ""), config=True,
                       help="Use the jobs service at this URL instead of starting one (env LAKEHOUSE_JOBS_URL).")
    token_file = Unicode(os.environ.get("LAKEHOUSE_JOBS_TOKEN_FILE", ""), config=True,
                         help="The API token file of the service at jobs_url (env LAKEHOUSE_JOBS_TOKEN_FILE).")
    start_service = Bool(True, config=True,
                         help="Start a jobs service when none is configured or running on state_dir.")
    cli_jar = Unicode(os.environ.get("LAKEHOUSE_CLI_JAR", str(DEFAULT_CLI_JAR)), config=True,
                      help="The Java CLI jar that runs `jobs serve` (env LAKEHOUSE_CLI_JAR).")
    java = Unicode(os.environ.get("LAKEHOUSE_JAVA", "java"), config=True, help="The java executable.")
    java_options = List(Unicode(), default_value=os.environ.get("LAKEHOUSE_JAVA_OPTS", "").split(), config=True,
                        help="Extra JVM options for the service (env LAKEHOUSE_JAVA_OPTS).")
    jobs_port = Int(int(os.environ.get("LAKEHOUSE_JOBS_PORT", "0") or 0), config=True,
                    help="Port for a started service; 0 picks a free one (env LAKEHOUSE_JOBS_PORT).")
    state_dir = Unicode(config=True, help="The service's state directory (default: LAKEHOUSE_HOME/jobs).")
    notebook_root = Unicode(config=True, help="Jobs may only use notebooks under this directory (default: root_dir).")

    @default("state_dir")
    def _default_state_dir(self):
        return str(lakehouse_home() / "jobs")

    def initialize_settings(self):
        self.connection = JobsConnection()
        self._stopping = False
        self.settings["lakehouse_jobs"] = self.connection

    def initialize_handlers(self):
        self.handlers.extend(routes.handlers())

    async def _start_jupyter_server_extension(self, serverapp):
        # Called once the event loop runs: connect to or start the service without blocking the server.
        await super()._start_jupyter_server_extension(serverapp)
        asyncio.get_running_loop().create_task(self._connect())

    async def _connect(self):
        try:
            endpoint = await self._find_or_start()
        except ServiceError as e:
            self.log.error("lakehouse: %s", e)
            self.connection.fail(e)
            return
        # Kernels started by this server find the service without a discovery file.
        os.environ["LAKEHOUSE_JOBS_URL"] = endpoint.url
        if endpoint.token_file:
            os.environ["LAKEHOUSE_JOBS_TOKEN_FILE"] = str(endpoint.token_file)
        self.log.info("lakehouse: jobs service at %s, dashboard at %s", endpoint.url,
                      self.serverapp.connection_url.rstrip("/") + "/lakehouse/")
        self.connection.resolve(endpoint)

    async def _find_or_start(self) -> ServiceEndpoint:
        if self.jobs_url:
            if not self.token_file:
                raise ServiceError("jobs_url is set but not token_file (LAKEHOUSE_JOBS_TOKEN_FILE)")
            token_file = Path(self.token_file)
            try:
                return ServiceEndpoint(self.jobs_url, read_token(token_file), token_file)
            except OSError as e:
                raise ServiceError(f"cannot read the jobs service token file {token_file}: {e.strerror}") from None
        state_dir = Path(self.state_dir)
        running = await asyncio.get_running_loop().run_in_executor(None, running_service, state_dir)
        if running is not None:
            self.log.info("lakehouse: using the jobs service already running on %s", state_dir)
            return running
        if not self.start_service:
            raise ServiceError(f"no jobs service runs on {state_dir} and start_service is off")
        process = JobsServiceProcess(java=self.java, cli_jar=Path(self.cli_jar), state_dir=state_dir,
                                     notebook_root=Path(self.notebook_root or self.serverapp.root_dir).resolve(),
                                     port=self.jobs_port, java_options=list(self.java_options), log=self.log)
        self.connection.process = process
        process.start()
        endpoint = await process.wait_ready()
        asyncio.get_running_loop().create_task(self._restart_when_dead(process, endpoint))
        return endpoint

    async def _restart_when_dead(self, process: JobsServiceProcess, endpoint: ServiceEndpoint):
        """Starts the service we started again when it exits, on the same port so kernels keep their URL.
        Its state (jobs, schedules, runs) is on disk; on start it recovers interrupted runs and catches up
        on missed fire times by each job's catch-up policy."""
        restarts: list[float] = []
        process.port = urlsplit(endpoint.url).port or process.port
        while True:
            await asyncio.sleep(WATCH_INTERVAL_SECONDS)
            if self._stopping:
                return
            if process.process is None or process.process.poll() is None:
                continue
            code = process.process.returncode
            now = time.monotonic()
            restarts = [t for t in restarts if now - t < RESTART_WINDOW_SECONDS]
            if len(restarts) >= MAX_RESTARTS:
                error = ServiceError(f"the jobs service keeps exiting (code {code}, {len(restarts)} restarts in "
                                     f"{RESTART_WINDOW_SECONDS / 60:.0f} min), so it is not started again; "
                                     f"see {process.log_file}: {process.log_tail()}")
                self.log.error("lakehouse: %s", error)
                self.connection.fail(error)
                return
            restarts.append(now)
            self.log.warning("lakehouse: the jobs service exited with code %s; restarting it (%s)", code,
                             process.log_tail(2))
            try:
                process.start()
                endpoint = await process.wait_ready()
            except ServiceError as e:
                self.log.error("lakehouse: restarting the jobs service failed: %s", e)
                continue
            self.connection.resolve(endpoint)
            self.log.info("lakehouse: jobs service restarted at %s", endpoint.url)

    async def stop_extension(self):
        self._stopping = True
        process = self.connection.process if hasattr(self, "connection") else None
        if process is not None:
            await asyncio.get_running_loop().run_in_executor(None, process.stop)
