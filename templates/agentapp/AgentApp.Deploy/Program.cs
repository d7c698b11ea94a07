using AgentApp.Deploy.Cli;

return await DeployCli.Create().Parse(args).InvokeAsync();
