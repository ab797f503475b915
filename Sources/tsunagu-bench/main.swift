print("tsunagu-bench")
