import ArgumentParser
import LimesCore
print("x")
