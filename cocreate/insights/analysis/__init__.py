"""The pure insights core: numpy/scipy/scikit-learn and ``cocreate.design`` only, no Django.

Pages, the task and the ``cocreate insights`` commands all call these functions on plain data.
"""
