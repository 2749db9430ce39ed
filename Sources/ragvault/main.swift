print("ragvault")
