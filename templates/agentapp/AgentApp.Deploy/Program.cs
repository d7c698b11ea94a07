Console.WriteLine("k8s generation arrives with the deploy issue");
