// A prebuilt JupyterLab 4 extension written by hand, so no JS build toolchain is needed: it implements the
// module-federation container interface JupyterLab's loader calls (init with the shared scope, then
// get("./extension")), and takes JupyterLab's own @jupyterlab/* modules from that shared scope, so its
// plugin's `requires` are the very tokens the application registered.
(function () {
  "use strict";
  var shared = null;

  function sharedModule(name) {
    var versions = shared && shared[name];
    if (!versions) return Promise.reject(new Error("JupyterLab does not share " + name));
    var keys = Object.keys(versions).sort();
    return Promise.resolve(versions[keys[keys.length - 1]].get()).then(function (factory) { return factory(); });
  }

  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161">' +
    '<rect x="2" y="3" width="6" height="4" rx="1"/><rect x="16" y="3" width="6" height="4" rx="1"/>' +
    '<rect x="9" y="17" width="6" height="4" rx="1"/><path d="M5 7v4h14V7h-1.5v2.5h-11V7zM11.25 11h1.5v6h-1.5z"/>' +
    '</g></svg>';

  function plugin(launcherModule, apputils, coreutils, ui) {
    return {
      id: "lakehouse-jupyter:launcher",
      description: "Opens the Lakehouse jobs dashboard from the launcher and the command palette.",
      autoStart: true,
      requires: [launcherModule.ILauncher],
      optional: [apputils.ICommandPalette],
      activate: function (app, launcher, palette) {
        var command = "lakehouse:open-jobs-dashboard";
        var icon = new ui.LabIcon({ name: "lakehouse:jobs", svgstr: ICON });
        var widget = null;
        app.commands.addCommand(command, {
          label: "Lakehouse Jobs",
          caption: "Jobs dashboard: schedules, runs, task outputs",
          icon: icon,
          execute: function () {
            if (!widget || widget.isDisposed) {
              var frame = new apputils.IFrame({
                sandbox: ["allow-scripts", "allow-same-origin", "allow-forms", "allow-popups"],
              });
              frame.url = coreutils.URLExt.join(coreutils.PageConfig.getBaseUrl(), "lakehouse/");
              widget = new apputils.MainAreaWidget({ content: frame });
              widget.id = "lakehouse-jobs-dashboard";
              widget.title.label = "Lakehouse Jobs";
              widget.title.icon = icon;
              widget.title.closable = true;
            }
            if (!widget.isAttached) app.shell.add(widget, "main");
            app.shell.activateById(widget.id);
          },
        });
        launcher.add({ command: command, category: "Other", rank: 0 });
        if (palette) palette.addItem({ command: command, category: "Lakehouse" });
      },
    };
  }

  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB["lakehouse-jupyter"] = {
    init: function (shareScope) {
      shared = shareScope;
      return Promise.resolve();
    },
    get: function (module) {
      if (module !== "./extension") return Promise.reject(new Error("lakehouse-jupyter has no module " + module));
      return Promise.all(["@jupyterlab/launcher", "@jupyterlab/apputils", "@jupyterlab/coreutils",
        "@jupyterlab/ui-components"].map(sharedModule)).then(function (modules) {
        var extension = { __esModule: true, default: [plugin.apply(null, modules)] };
        return function () { return extension; };
      });
    },
  };
})();
