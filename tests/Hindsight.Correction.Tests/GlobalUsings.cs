global using Hindsight.Correction.Tests.Support;
