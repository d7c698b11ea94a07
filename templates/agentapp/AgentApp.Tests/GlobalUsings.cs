// The shared doubles and fixtures, for every test folder.
global using AgentApp.Tests.Support;
